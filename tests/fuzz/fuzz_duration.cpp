// Hours and minutes as people type them in the timebank (timebank::parse_duration).
#include <fuzzer/FuzzedDataProvider.h>

#include <string>

#include "core/text.h"
#include "fuzz_support.h"
#include "timebank/ledger.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  std::int64_t max = in.ConsumeBool() ? kith::timebank::kMaxExchangeMinutes : kith::timebank::kMaxGiftMinutes;
  std::string hours = in.ConsumeRandomLengthString(64);
  std::string minutes = in.ConsumeRemainingBytesAsString();
  auto r = kith::timebank::parse_duration(hours, minutes, max);
  if (r) {
    if (*r < 1 || *r > max) kith::fuzz::fail("a duration outside 1 minute to the maximum was accepted");
  } else if (r.error().fields.empty()) {
    kith::fuzz::fail("a refused duration must name the field");
  } else if (r.error().fields.front().message.find("at least 1 minute") != std::string::npos) {
    // "Too short" only for what is shorter than a minute, never for a huge number.
    auto h = kith::parse_double(kith::trim(hours));
    if (h && *h >= 1) kith::fuzz::fail("hours of 1 or more refused as too short");
  }
  return 0;
}
