#pragma once
#include "app/module.h"

namespace kith::coordination {

// The demo's coordination team in Thurrock, all made up and marked "(demo)": a team
// lead (team_lead@demo.kith.test) and two coordinators (coordinator@ and
// coordinator2@demo.kith.test) covering real Thurrock LSOAs, and about 50 people with
// referrals, plans, contacts, connections to the demo directory and the Tilbury
// timebank, wellbeing at the start and at review, costs avoided, closings and
// contributions. Loads once (a second run finds the team and stops). People need the
// coordination key to be sealed; without one, only the team is made.
void load_coordination_demo(store::Db& db, const app::Config& config, const app::Progress& progress);

}  // namespace kith::coordination
