// The partnership matrix's routes, its part of area pages, and its demo: Thurrock's
// Stronger Together initiatives by ward, as its 2014 report describes them.
#include "initiatives/module.h"

#include "audit/audit.h"
#include "i18n/speaking.h"
#include "initiatives/initiative_store.h"
#include "initiatives/initiatives_http.h"

namespace kith::initiatives {

void InitiativesModule::install(web::Server& server, const app::Config&) { install_routes(server, sections_); }

std::vector<app::AreaSection> InitiativesModule::area_sections(const app::Config&) const {
  return {{"initiatives", true, area_section}};
}

void InitiativesModule::load_demo(store::Db& db, const app::Config&, const app::Progress& progress) {
  InitiativeStore store(db);
  if (!store.all().empty() || !db.query_one("SELECT 1 FROM areas WHERE code = 'E06000034'")) return;
  // Thurrock's wards (2024 codes). Community Organisers' four wards are the report's;
  // the others' are chosen to show the matrix, which is why each is marked as demo.
  const std::string ockendon = "E05002239", chadwell = "E05002231", stifford_clays = "E05002244", aveley = "E05002229",
                    tilbury_st_chads = "E05002247", tilbury_riverside = "E05002246", west_thurrock = "E05002248",
                    grays_riverside = "E05002235", east_tilbury = "E05002234", belhus = "E05002230";
  const std::vector<Initiative> demo = {
      {0,
       "Local Area Coordination (demo)",
       "council",
       "Thurrock Council",
       std::nullopt,
       "lac@thurrock.example",
       "Local Area Coordinators help people find what a good life looks like and local, informal ways to it, "
       "coordinating services only where they are the right answer. Piloted in three areas, now in six.",
       "2013-04-01",
       "",
       "active",
       true,
       {tilbury_st_chads, tilbury_riverside, west_thurrock, chadwell, ockendon, grays_riverside}},
      {0,
       "Community Hubs (demo)",
       "council",
       "Thurrock Council and the voluntary and faith sector",
       std::nullopt,
       "hubs@thurrock.example",
       "Hubs run by the community for the community, relying on local volunteers. Ockendon and Chadwell are open; "
       "four more communities are developing theirs.",
       "2013-09-01",
       "",
       "active",
       true,
       {ockendon, chadwell, stifford_clays, aveley, east_tilbury, belhus}},
      {0,
       "Timebanking (demo)",
       "council",
       "Stronger Together partnership",
       std::nullopt,
       "",
       "An underpinning enabler: volunteers bank and donate their hours, introduced locality by locality with "
       "software that works across the whole of Thurrock.",
       "2014-09-01",
       "",
       "planned",
       true,
       {"E06000034"}},
      {0,
       "ABCD Community Builders (demo)",
       "voluntary",
       "Building Positive Futures",
       std::nullopt,
       "",
       "Asset Based Community Development: community builders in two localities, and Small Sparks grants of up to "
       "£250 matched by the community's sweat equity.",
       "2014-04-01",
       "",
       "active",
       true,
       {stifford_clays, aveley}},
      {0,
       "Community Organisers (demo)",
       "national",
       "ngage (hosted for Locality)",
       std::nullopt,
       "",
       "A team of four community organisers listening to residents and building networks of listeners and "
       "activists, in the wards that have a Community First panel.",
       "2014-02-01",
       "2015-03-31",
       "active",
       true,
       {tilbury_st_chads, tilbury_riverside, chadwell, west_thurrock}},
  };
  for (const auto& i : demo) {
    std::int64_t id = store.add(i);
    audit::record(db, audit::Actor::system("kith demo"), "initiative.create", "initiative", std::to_string(id), nullptr,
                  {{"name", i.name}});
  }
  if (progress) progress("initiatives: 5 of Thurrock's initiatives by ward");
}

// Staff records name people only by account, which erasure makes "Former member".
app::ErasureParts InitiativesModule::erasure() const {
  return {
      {"initiatives",
       i18n::msg(
           "Initiatives you added to the partnership matrix are kept, with \"Former member\" as who added them; their "
           "contact is a role's, not a person's."),
       [](store::Db&, std::int64_t) {}}};
}

}  // namespace kith::initiatives
