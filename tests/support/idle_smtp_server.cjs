// An SMTP server that closes a session idle for `timeout_ms` with "421 Timeout", as every
// MTA does after its own idle timeout: built on smtp-server, the package maildev runs on.
// Usage: node idle_smtp_server.cjs <smtp-server package dir> <port> <timeout_ms>
// Prints "listening" once it accepts, then "received N" for each message.
const { SMTPServer } = require(process.argv[2]);

const port = Number(process.argv[3]);
const timeout = Number(process.argv[4]);
let received = 0;
const server = new SMTPServer({
  socketTimeout: timeout,
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, done) {
    stream.on('data', () => {});
    stream.on('end', () => {
      received += 1;
      console.log(`received ${received}`);
      done();
    });
  },
});
server.listen(port, '127.0.0.1', () => console.log('listening'));
