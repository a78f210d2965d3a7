#pragma once
#include <memory>
#include <string>

#include "areas/area_store.h"
#include "directory/index_cache.h"
#include "web/server.h"

namespace kith::directory {

// Places to meet (/directory/places-to-meet, and .geojson) and each service's map
// data (/directory/services/{id}/map).
void install_venue_routes(web::Server& server, const std::shared_ptr<IndexCache>& cache);

// Where a postcode is, or an error for the postcode field that says how to search
// without it: `unknown`, English with {postcode} and marked with i18n::msg ("We do not
// know the postcode {postcode}. Check it, or leave it out to search everywhere"),
// said in the page's language.
Result<areas::PostcodeHit> locate_postcode(store::Db& db, const std::string& normalised, const char* unknown);

// GeoJSON features for the neighbourhoods (LSOAs) of the ward around an LSOA, so a
// map with no tiles still shows where it is; empty where boundaries are not held.
Json ward_boundaries(store::Db& db, const std::string& lsoa_code);

}  // namespace kith::directory
