#pragma once
#include "app/module.h"
#include "web/server.h"

namespace kith::coordination {

// /coordination/reports (the page, and its JSON under /api/v1) and
// /coordination/reports.csv: for team leads (their teams) and officers (every team,
// nobody identifiable). Works without the coordination key: reports read numbers only.
void install_report_routes(web::Server& server);

// Per-LSOA measures for the area index, with the reports' suppression: an LSOA where
// 1–4 people were referred (or 1–4 connected) is left out rather than shown.
//   coordination.referrals_per_1000  people referred per 1,000 residents
//   coordination.share_connected     of people referred, the share with a connection that took (0–1)
app::AreaMeasures report_measures();

}  // namespace kith::coordination
