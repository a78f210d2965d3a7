// Postcodes as people type them (a search box, a spreadsheet's column, a feed's address).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "areas/areas.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto pc = kith::areas::normalise_postcode(text);
  if (!pc) return 0;
  // A normalised postcode is 5 to 7 upper-case letters and digits, and reading its
  // display form again gives it back.
  if (pc->size() < 5 || pc->size() > 7) std::abort();
  for (char c : *pc)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) std::abort();
  if (kith::areas::normalise_postcode(kith::areas::display_postcode(*pc)) != pc) std::abort();
  return 0;
}
