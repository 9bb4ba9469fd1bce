// Whose request it is, for throttling sign-ins per address and for the sessions list: the TCP
// peer, unless the peer is one of the proxies the gateway is told to trust (the Ingress in
// front of it), in which case the nearest address in X-Forwarded-For that is not such a
// proxy. Without trusted proxies, X-Forwarded-For is ignored: anyone can write it.
#ifndef AMS_SERVICES_GATEWAY_CLIENT_ADDRESS_H_
#define AMS_SERVICES_GATEWAY_CLIENT_ADDRESS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/gateway/http_server.h"

namespace ams::gateway {

class TrustedProxies {
 public:
  // "10.0.0.0/8,192.168.1.7,fd00::/8"; "" trusts none. INVALID_ARGUMENT naming a bad entry.
  static absl::StatusOr<TrustedProxies> Parse(absl::string_view list);

  std::string ClientOf(const HttpRequest& request, const std::string& peer) const;

 private:
  bool Trusted(const std::string& address) const;
  struct Network {
    std::string prefix_bits;  // the network's leading bits as '0'/'1'
    bool v4;
  };
  std::vector<Network> networks_;
};

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_CLIENT_ADDRESS_H_
