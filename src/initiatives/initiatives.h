#pragma once
// The partnership matrix: initiatives (a council programme, a voluntary-sector
// project, a national scheme) and the areas each works in, laid out by ward so a
// council sees "what is happening in each locality" — where several initiatives meet
// and where none works (Thurrock's Stronger Together matrix). The rules are here;
// storage in initiative_store.cpp, pages in initiatives_http.cpp.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"

namespace kith::initiatives {

// A choice on a form: the value kept, and what a person reads.
struct Choice {
  std::string id;
  std::string label;
};
const std::vector<Choice>& kinds();     // council, voluntary, national, health, community
const std::vector<Choice>& statuses();  // planned, active, paused, ended
std::string label_of(const std::vector<Choice>& choices, const std::string& id);

struct Initiative {
  std::int64_t id = 0;
  std::string name;
  std::string kind;
  std::string lead_organisation;
  std::optional<std::string> organisation_id;  // the lead in the directory, when it is there
  std::string contact;
  std::string summary;
  std::string starts_on;  // YYYY-MM-DD or ""
  std::string ends_on;
  std::string status;
  bool is_demo = false;
  std::vector<std::string> areas;  // the codes of where it works, as given
};

// What is wrong with an initiative as given, by field (its areas are checked
// against the store by the caller).
std::vector<FieldError> problems(const Initiative& i);

// One ward of the matrix, with its LSOAs (a ward is whole when every one is covered).
struct Ward {
  std::string code;
  std::string name;
  std::vector<std::string> lsoas;
};

enum class Cover { kNone, kPart, kWhole };

// An initiative as the matrix sees it: the LSOAs its areas cover.
struct Reach {
  const Initiative* initiative = nullptr;
  std::set<std::string> lsoas;
};

struct MatrixRow {
  const Ward* ward = nullptr;
  std::vector<Cover> cells;  // one per column
  int working = 0;           // columns with any cover
};

// Three or more initiatives in one ward is where a council looks for overlaps to align.
inline constexpr int kCrowded = 3;

struct Matrix {
  std::vector<const Initiative*> columns;  // those reaching at least one ward, by name
  std::vector<MatrixRow> rows;             // every ward, by name
  std::vector<const Ward*> gaps;           // wards where none works
  std::vector<const Ward*> crowded;        // wards where kCrowded or more work
};

// The matrix of `wards` (one authority's) by the initiatives that reach any of them.
Matrix build_matrix(const std::vector<Ward>& wards, const std::vector<Reach>& reach);

// The matrix as CSV: ward code and name, one column per initiative ("whole", "part"
// or empty) and how many work there.
std::string matrix_csv(const Matrix& m);

}  // namespace kith::initiatives
