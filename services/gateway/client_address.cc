#include "services/gateway/client_address.h"

#include <algorithm>
#include <bitset>
#include <boost/asio/ip/address.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace ams::gateway {
namespace {

// The address's bits, '0'/'1', 32 for IPv4 and 128 for IPv6 (an IPv4-mapped IPv6 address as
// its IPv4); "" when it is not an address.
std::string BitsOf(absl::string_view text) {
  boost::system::error_code ec;
  boost::asio::ip::address a = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return "";
  if (a.is_v6() && a.to_v6().is_v4_mapped()) {
    a = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6());
  }
  std::string bits;
  auto append = [&bits](const auto& bytes) {
    for (unsigned char b : bytes) bits += std::bitset<8>(b).to_string();
  };
  if (a.is_v4()) {
    append(a.to_v4().to_bytes());
  } else {
    append(a.to_v6().to_bytes());
  }
  return bits;
}

}  // namespace

absl::StatusOr<TrustedProxies> TrustedProxies::Parse(absl::string_view list) {
  TrustedProxies proxies;
  for (absl::string_view entry : absl::StrSplit(list, ',', absl::SkipWhitespace())) {
    entry = absl::StripAsciiWhitespace(entry);
    std::pair<absl::string_view, absl::string_view> parts =
        absl::StrSplit(entry, absl::MaxSplits('/', 1));
    const std::string bits = BitsOf(parts.first);
    int length = static_cast<int>(bits.size());
    if (bits.empty() ||
        (!parts.second.empty() && (!absl::SimpleAtoi(parts.second, &length) || length < 0 ||
                                   length > static_cast<int>(bits.size())))) {
      return absl::InvalidArgumentError(
          absl::StrCat("AMS_GATEWAY_TRUSTED_PROXIES: \"", entry, "\" is not an address or CIDR"));
    }
    proxies.networks_.push_back({bits.substr(0, length), bits.size() == 32});
  }
  return proxies;
}

bool TrustedProxies::Trusted(const std::string& address) const {
  const std::string bits = BitsOf(address);
  // An IPv4 network holds IPv4 addresses only, and an IPv6 one IPv6 addresses.
  return std::any_of(networks_.begin(), networks_.end(), [&](const Network& n) {
    return !bits.empty() && (bits.size() == 32) == n.v4 &&
           bits.compare(0, n.prefix_bits.size(), n.prefix_bits) == 0;
  });
}

std::string TrustedProxies::ClientOf(const HttpRequest& request, const std::string& peer) const {
  if (networks_.empty() || !Trusted(peer)) return peer;
  // Right to left: each trusted proxy appended the address it got the request from.
  std::vector<std::string> hops;
  auto [first, last] = request.equal_range("X-Forwarded-For");
  for (auto it = first; it != last; ++it) {
    const std::string value(it->value());
    for (absl::string_view hop : absl::StrSplit(value, ',', absl::SkipWhitespace())) {
      hops.emplace_back(absl::StripAsciiWhitespace(hop));
    }
  }
  std::string client = peer;
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    if (BitsOf(*hop).empty()) break;  // not an address: stop at what is known
    client = *hop;
    if (!Trusted(*hop)) break;
  }
  return client;
}

}  // namespace ams::gateway
