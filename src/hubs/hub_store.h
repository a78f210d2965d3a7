#pragma once
// Hubs, their opening times, organisers, rota, visits and referrals in the store
// (migration 0032).
#include <optional>
#include <vector>

#include "hubs/hubs.h"
#include "store/db.h"

namespace kith::hubs {

struct Signup {
  std::int64_t shift_id = 0;
  std::int64_t user_id = 0;
  std::string name;
  std::optional<bool> attended;
  int minutes = 0;
  std::optional<std::int64_t> banked_transfer;  // the timebank transfer that banked the time
};

struct VolunteerHours {
  std::int64_t user_id = 0;
  std::string name;
  int shifts = 0;
  int minutes = 0;
};

// A published story told in the hub's ward, for its organisers' page.
struct StoryNear {
  std::int64_t id = 0;
  std::string title;
  std::string published_at;
  std::string language;  // the language it was told in
};

// A hub's confirmed volunteer time for the grant project it delivers.
struct ProjectHours {
  std::int64_t hub = 0;
  std::string hub_name;
  std::int64_t minutes = 0;  // confirmed at its shifts on or after the day given
  std::int64_t people = 0;   // different volunteers among them
};

struct Service {
  std::string id;
  std::string name;
  std::string description;
};

class HubStore {
 public:
  explicit HubStore(store::Db& db) : db_(db) {}
  std::vector<Hub> all();
  std::optional<Hub> get(std::int64_t id);
  std::int64_t add(const Hub& h);
  void update(const Hub& h);
  // Replaces the hub's organisers.
  void set_organisers(std::int64_t hub, const std::vector<std::int64_t>& users);
  std::vector<std::string> organiser_emails(std::int64_t hub);
  bool location_exists(const std::string& id);
  void add_organiser(std::int64_t hub, std::int64_t user);
  bool is_organiser(std::int64_t hub, std::int64_t user);
  std::vector<std::string> organiser_names(std::int64_t hub);
  // The hubs a person organises.
  std::vector<std::int64_t> organised_by(std::int64_t user);

  std::vector<Session> sessions(std::int64_t hub);
  std::int64_t add_session(std::int64_t hub, const Session& s);
  bool remove_session(std::int64_t hub, std::int64_t session);
  std::vector<Closure> closures(std::int64_t hub);
  void add_closure(std::int64_t hub, const Closure& c);
  // Directory services at the hub's place.
  std::vector<Service> services_at(const std::string& location_id);

  // Shifts from `from` (YYYY-MM-DD, inclusive) to `to` (exclusive), with how many signed up.
  std::vector<Shift> shifts(std::int64_t hub, const std::string& from, const std::string& to);
  std::vector<Shift> all_shifts(const std::string& from, const std::string& to);
  std::optional<Shift> shift(std::int64_t id);
  std::int64_t add_shift(const Shift& s);
  std::vector<Signup> signups(std::int64_t shift);
  bool signed_up(std::int64_t shift, std::int64_t user);
  // The shifts a person is signed up for on a day, at every hub.
  std::vector<Shift> shifts_of(std::int64_t user, const std::string& on_date);
  void sign_up(std::int64_t shift, std::int64_t user);
  bool withdraw(std::int64_t shift, std::int64_t user);
  // Records who came: each signed-up person attended or not, with the shift's minutes.
  void confirm(std::int64_t shift, const std::vector<std::int64_t>& came, int minutes);
  // The timebank transfer that banked a person's time on a shift.
  void set_banked(std::int64_t shift, std::int64_t user, std::int64_t transfer);
  std::vector<VolunteerHours> hours(std::int64_t hub);
  // Published stories told in a ward (an LSOA's parent), newest first.
  std::vector<StoryNear> stories_in_ward(const std::string& ward, int limit);
  // Each hub that delivers the grant project, with the time confirmed at its shifts
  // on or after `since` ("YYYY-MM-DD": the day the grant was made).
  std::vector<ProjectHours> project_hours(std::int64_t project, const std::string& since);
  // Funded grant projects a hub may deliver, as (id, "Group (round)"), by name.
  std::vector<std::pair<std::int64_t, std::string>> funded_projects();

  void record_visit(std::int64_t hub, const Visit& v, std::optional<std::int64_t> by);
  std::vector<Visit> visits(std::int64_t hub);

  std::int64_t add_referral(const Referral& r);
  std::vector<Referral> referrals(std::int64_t hub, const std::string& status);
  // The referrals someone made, to any hub, oldest first.
  std::vector<Referral> referrals_by(std::int64_t referrer);
  std::optional<Referral> referral(std::int64_t id);
  // The referral a coordinator's connection made, if it made one.
  std::optional<Referral> referral_of_connection(std::int64_t connection);
  void mark_seen(std::int64_t id);

 private:
  std::vector<Referral> read_referrals(const std::string& where, const store::Params& params);
  store::Db& db_;
};

}  // namespace kith::hubs
