#pragma once
// Reading a postcode file — the Code-Point CSV Kith ships, the ONS Postcode
// Directory or OS Code-Point Open; gzipped or not — and placing every postcode in
// its LSOA. Reading only: storing is AreaStore's.
#include <string>

#include "app/module.h"
#include "areas/postcodes.h"
#include "core/result.h"

namespace kith::areas {

// Reads every row of `path`, placing each postcode with `placer` (or in the LSOA the
// file names, where it names one Kith knows). Rows that cannot be used are counted
// in `report` with the reason; a postcode repeated in the file is taken once (the
// last). Fails, naming the file and what is wrong, if it cannot be read or its
// format told (see detect_postcode_format).
Result<PostcodeSet> read_postcode_file(const std::string& path, const Placer& placer, PostcodeReport& report,
                                       const app::Progress& progress);

}  // namespace kith::areas
