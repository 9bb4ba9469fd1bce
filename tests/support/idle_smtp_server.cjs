// A test SMTP server built on smtp-server, the package maildev runs on:
// - it closes a session idle for `timeout_ms` with "421 Timeout", as every MTA does after its
//   own idle timeout;
// - given `refuse_prefix`, it refuses for good ("550 No such user") every recipient whose
//   address starts with it, as a real MTA refuses an unknown mailbox.
// Usage: node idle_smtp_server.cjs <smtp-server package dir> <port> <timeout_ms> [refuse_prefix]
// Prints "listening" once it accepts, "refused <address>" for each refusal and
// "received N <recipients>" for each message.
const { SMTPServer } = require(process.argv[2]);

const port = Number(process.argv[3]);
const timeout = Number(process.argv[4]);
const refusePrefix = process.argv[5] || '';
let received = 0;
const server = new SMTPServer({
  socketTimeout: timeout,
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(address, session, done) {
    if (refusePrefix && address.address.startsWith(refusePrefix)) {
      console.log(`refused ${address.address}`);
      const refusal = new Error('No such user here');
      refusal.responseCode = 550;
      return done(refusal);
    }
    return done();
  },
  onData(stream, session, done) {
    stream.on('data', () => {});
    stream.on('end', () => {
      received += 1;
      console.log(`received ${received} ${session.envelope.rcptTo.map((r) => r.address).join(',')}`);
      done();
    });
  },
});
server.listen(port, '127.0.0.1', () => console.log('listening'));
