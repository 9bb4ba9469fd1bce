#include "services/audit/ledger.h"

#include "gtest/gtest.h"
#include "services/audit/head_signer.h"

namespace ams::audit {
namespace {

EventFacts Event(int n) {
  return {absl::StrCat("id-", n),
          "ams.intake.v1.ApplicationSubmitted",
          "applications/a",
          "intake",
          absl::FromUnixSeconds(1790000000 + n),
          std::string(64, 'a' + n % 6)};
}

std::vector<LedgerEntry> ChainOf(int n) {
  std::vector<LedgerEntry> out;
  std::optional<LedgerEntry> previous;
  for (int i = 0; i < n; ++i) {
    out.push_back(Chain(previous, Event(i)));
    previous = out.back();
  }
  return out;
}

TEST(LedgerTest, EntriesLinkToTheOneBefore) {
  std::vector<LedgerEntry> chain = ChainOf(3);
  EXPECT_EQ(chain[0].sequence(), 1);
  EXPECT_EQ(chain[0].previous_entry_sha256(), GenesisHash());
  EXPECT_EQ(chain[1].previous_entry_sha256(), chain[0].entry_sha256());
  EXPECT_EQ(chain[2].name(), "ledgerEntries/3");
  EXPECT_EQ(chain[2].entry_sha256(), EntryHash(chain[2]));
  EXPECT_FALSE(FindBreak(chain, 1, GenesisHash()).has_value());
  // The same events give the same chain: a replay can be compared hash for hash.
  EXPECT_EQ(ChainOf(3).back().entry_sha256(), chain.back().entry_sha256());
}

TEST(LedgerTest, AChangedFieldIsNamed) {
  std::vector<LedgerEntry> chain = ChainOf(5);
  chain[2].set_application("applications/someone-else");
  std::optional<Break> b = FindBreak(chain, 1, GenesisHash());
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->sequence, 3);
  EXPECT_EQ(b->detail, "its content does not match its hash");
}

TEST(LedgerTest, ARehashedEntryBreaksTheNextLink) {
  std::vector<LedgerEntry> chain = ChainOf(5);
  chain[1].set_producer("forged");
  chain[1].set_entry_sha256(EntryHash(chain[1]));
  std::optional<Break> b = FindBreak(chain, 1, GenesisHash());
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->sequence, 3);
  EXPECT_EQ(b->detail, "does not link to the entry before it");
}

TEST(LedgerTest, ARemovedEntryIsNamed) {
  std::vector<LedgerEntry> chain = ChainOf(5);
  chain.erase(chain.begin() + 3);
  std::optional<Break> b = FindBreak(chain, 1, GenesisHash());
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->sequence, 4);
}

TEST(HeadSignerTest, SignsAndVerifiesOnlyWhatWasSigned) {
  auto signer = HeadSigner::FromSeedHex(std::string(64, '7'));
  ASSERT_TRUE(signer.ok()) << signer.status();
  SignedHead head = signer->Sign(42, std::string(64, 'c'), absl::FromUnixSeconds(1790000000));
  EXPECT_TRUE(signer->Verify(head));
  SignedHead moved = head;
  moved.sequence = 41;
  EXPECT_FALSE(signer->Verify(moved));
  SignedHead other_hash = head;
  other_hash.entry_sha256[0] = 'd';
  EXPECT_FALSE(signer->Verify(other_hash));
  auto other_key = HeadSigner::FromSeedHex(std::string(64, '8'));
  EXPECT_FALSE(other_key->Verify(head));
  EXPECT_EQ(signer->public_key_hex().size(), 64u);
}

TEST(HeadSignerTest, RefusesAMalformedKey) {
  EXPECT_FALSE(HeadSigner::FromSeedHex("abc").ok());
  EXPECT_FALSE(HeadSigner::FromSeedHex(std::string(64, 'z')).ok());
}

}  // namespace
}  // namespace ams::audit
