#include "services/gateway/client_address.h"

#include "gtest/gtest.h"

namespace ams::gateway {
namespace {

HttpRequest Forwarded(const std::string& chain) {
  HttpRequest r(http::verb::get, "/", 11);
  if (!chain.empty()) r.set("X-Forwarded-For", chain);
  return r;
}

TEST(TrustedProxies, WithoutTrustedProxiesTheHeaderIsIgnored) {
  TrustedProxies none = *TrustedProxies::Parse("");
  EXPECT_EQ(none.ClientOf(Forwarded("1.2.3.4"), "10.0.0.5"), "10.0.0.5");
}

TEST(TrustedProxies, TheNearestUntrustedHopIsTheClient) {
  TrustedProxies ingress = *TrustedProxies::Parse("10.0.0.0/8, fd00::/8,192.168.1.7");
  // The browser wrote a lie first; the ingress appended the address it really saw.
  EXPECT_EQ(ingress.ClientOf(Forwarded("6.6.6.6, 203.0.113.9"), "10.1.2.3"), "203.0.113.9");
  // Two trusted proxies in a row.
  EXPECT_EQ(ingress.ClientOf(Forwarded("203.0.113.9, 192.168.1.7"), "10.1.2.3"), "203.0.113.9");
  // A peer that is not a trusted proxy is the client, whatever it claims.
  EXPECT_EQ(ingress.ClientOf(Forwarded("203.0.113.9"), "198.51.100.1"), "198.51.100.1");
  EXPECT_EQ(ingress.ClientOf(Forwarded("2001:db8::1"), "fd12::1"), "2001:db8::1");
  // Garbage stops the walk at what is known.
  EXPECT_EQ(ingress.ClientOf(Forwarded("<script>, 10.9.9.9"), "10.1.2.3"), "10.9.9.9");
  EXPECT_EQ(ingress.ClientOf(Forwarded(""), "10.1.2.3"), "10.1.2.3");
}

TEST(TrustedProxies, BadEntriesAreNamed) {
  for (const char* bad : {"10.0.0.0/33", "not-an-ip", "10.0.0.0/x", "fd00::/129"}) {
    absl::StatusOr<TrustedProxies> p = TrustedProxies::Parse(bad);
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace ams::gateway
