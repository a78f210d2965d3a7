#pragma once
// A module of Kith: one folder that registers its routes, its navigation and its
// demo content here, so adding a module is one line in modules.cpp.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/config.h"
#include "core/result.h"
#include "store/db.h"
#include "web/server.h"

namespace kith::app {

// Told of long work, a line at a time ("areas: 12,000 of 33,755 LSOAs").
using Progress = std::function<void(const std::string&)>;

// A measure by LSOA code that a module offers to area intelligence, read from the
// store as it is now ("directory.activities_per_1000"), for the LSOAs of one local
// authority or, given "", of England; with its name as people say it ("Timebank
// members per 1,000 people"), in the language of the page that asks.
using AreaValues = std::function<Result<std::map<std::string, double>>(store::Db&, const std::string& authority)>;
struct AreaMeasure {
  std::function<std::string()> label;
  AreaValues values;
};
using AreaMeasures = std::map<std::string, AreaMeasure>;

// An area as a module sees it on the area's profile page: what it is, where it sits
// and the LSOAs it covers (itself, for an LSOA).
struct AreaScope {
  std::string code;
  std::string name;
  std::string kind;            // "lsoa", "ward", "neighbourhood", "authority", "country"
  std::string parent_code;     // "" for England
  std::string authority_code;  // "" for England
  std::vector<std::string> lsoas;
};

// A part of an area's profile that a module fills: JSON under `name` in the page's
// data (its template has a partial for it), or nothing where the module holds
// nothing there. Strengths (what the place has) come first on the page.
struct AreaSection {
  std::string name;  // "directory", "deprivation"
  bool strength = false;
  std::function<std::optional<nlohmann::json>(store::Db&, const AreaScope&)> build;
};

// A part of another module's record page that a module fills ("stories about this
// service"): JSON under `name` in the page's data, for records of `entity`.
struct RecordSection {
  std::string entity;  // "service", "organisation", "project"
  std::string name;    // "stories"
  std::function<std::optional<nlohmann::json>(store::Db&, const std::string& id)> build;
};
using RecordSections = std::vector<RecordSection>;

// The sections for one record, as page data: {name: json} for those with something.
nlohmann::json record_sections(const RecordSections& all, const std::string& entity, store::Db& db,
                               const std::string& id);

// What a module holds about a person, for their own copy of it (UK GDPR, right of
// access): a named part, collected as JSON (usually rows_json of a query or two).
struct PersonalData {
  std::string name;         // "stories"
  std::string description;  // "Stories you told while signed in, as you told them"
  std::function<nlohmann::json(store::Db&, std::int64_t user)> collect;
  // Where the person sees this part in Kith, when they have it ("" or unset: nowhere).
  std::function<std::string(store::Db&, std::int64_t user)> href = nullptr;
};
using PersonalDataParts = std::vector<PersonalData>;

// What erasing a person means for what a module holds (UK GDPR, right to erasure):
// plain words the person reads before they confirm, and the change itself, made in
// the caller's one transaction before the account becomes a "Former member"
// tombstone. A module that must keep a record (public money, a ledger, counts)
// detaches it from the person instead; one whose records have retention rules
// records a request for the people who decide.
struct Erasure {
  std::string name;  // "stories"
  std::string what;  // "Your stories are withdrawn and every word of them erased"
  std::function<void(store::Db&, std::int64_t user)> erase;
};
using ErasureParts = std::vector<Erasure>;

// Something waiting for a person in one of their roles ("Stories to moderate", 3),
// listed on their account page ("Your work") and counted in the menu. Listed even at
// 0, so everyone can find where their work is done.
struct Waiting {
  std::string label;  // "Stories to moderate"
  std::string href;   // where the work is done
  std::int64_t count = 0;
  std::string status = {};  // said instead of the count, for what waits on others ("Waiting for a coordinator")
};
// The work a module has for people in some roles.
struct Work {
  std::vector<std::string> roles;  // who does it ("moderator", "admin")
  std::function<std::vector<Waiting>(store::Db&, std::int64_t user)> list;
};
using WorkParts = std::vector<Work>;
// What is waiting for someone with these roles, from every module's parts, in order.
std::vector<Waiting> work_for(const WorkParts& all, store::Db& db, std::int64_t user,
                              const std::vector<std::string>& roles);

// A query's rows as JSON objects keyed by column name.
nlohmann::json rows_json(store::Db& db, std::string_view sql, const store::Params& params);

class Module {
 public:
  virtual ~Module() = default;
  virtual std::string name() const = 0;
  // Adds the module's routes and navigation.
  virtual void install(web::Server& server, const Config& config) = 0;
  // The measures the module offers to area intelligence, by name.
  virtual AreaMeasures measures() const { return {}; }
  // Told every module's measures before install (area intelligence uses them).
  virtual void use_measures(const AreaMeasures& all) { (void)all; }
  // The parts of an area's profile page the module fills.
  virtual std::vector<AreaSection> area_sections(const Config& config) const {
    (void)config;
    return {};
  }
  // Told every module's sections before install (the areas module shows them).
  virtual void use_area_sections(const std::vector<AreaSection>& all) { (void)all; }
  // The parts of other modules' record pages the module fills.
  virtual RecordSections record_sections() const { return {}; }
  // Told every module's record sections before install.
  virtual void use_record_sections(const RecordSections& all) { (void)all; }
  // What the module holds about a person.
  virtual PersonalDataParts personal_data() const { return {}; }
  // Told every module's parts before install (the accounts module offers the copy).
  virtual void use_personal_data(const PersonalDataParts& all) { (void)all; }
  // What erasing a person means for what the module holds.
  virtual ErasureParts erasure() const { return {}; }
  // Told every module's erasure parts before install (the accounts module erases).
  virtual void use_erasure(const ErasureParts& all) { (void)all; }
  // The work the module has for people in some roles.
  virtual WorkParts work() const { return {}; }
  // Told every module's work before install (the accounts module shows it).
  virtual void use_work(const WorkParts& all) { (void)all; }
  // Loads clearly-labelled sample content for `kith demo`, in the caller's transaction.
  virtual void load_demo(store::Db& db, const Config& config, const Progress& progress) {
    (void)db;
    (void)config;
    (void)progress;
  }
};

// Every module, in the order their demo content loads (areas first: the rest hang on it).
std::vector<std::unique_ptr<Module>> all_modules();

}  // namespace kith::app
