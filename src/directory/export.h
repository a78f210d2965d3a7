#pragma once
// Exporting the directory in open formats.
#include <ostream>

#include "store/db.h"

namespace kith::directory {

// Every service as an HSDS 3.0 document (fully nested), as a JSON list.
void export_hsds(store::Db& db, std::ostream& out);
// One row per service at each of its places (a service with none gets one row):
// the fields a spreadsheet user needs, schedules in plain English.
void export_csv(store::Db& db, std::ostream& out);
// The places (locations with coordinates) as GeoJSON points, each naming its services.
void export_geojson(store::Db& db, std::ostream& out);

}  // namespace kith::directory
