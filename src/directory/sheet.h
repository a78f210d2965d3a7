#pragma once
// A plain spreadsheet of places, the way a community group's or a council's list
// arrives: a CSV with a header row. Pure: which Kith field each column holds (guessed
// from usual names, or mapped by the person importing), whether the latitude and
// longitude columns are the wrong way round, what makes two rows one place, and the
// rows turned into HSDS services. Storage and the checks against postcodes live in
// importer.cpp.
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "directory/hsds.h"

namespace kith::directory {

// A field a spreadsheet column can hold, what it is and an example value.
struct SheetField {
  std::string name;
  std::string what;  // English (--help, the docs); pages say it with i18n::tr
  std::string example;
};
// Every field, in the order they are shown.
const std::vector<SheetField>& sheet_fields();
// The fields as text: one per line, "  name  what (e.g. example)", for --help and the docs.
std::string sheet_fields_text();
// "name, description, ..." for error messages.
std::string sheet_field_names();

// Which column holds which field: field -> column index. `mapping` (field -> column
// heading) wins; other fields are guessed from usual headings ("Group name", "Post code",
// "Lat"), never taking a column a mapped field holds. An unknown field, a heading the
// file does not have, or one column mapped to two fields is an error naming the valid
// choices.
Result<std::map<std::string, size_t>> sheet_columns(const std::vector<std::string>& header,
                                                    const std::map<std::string, std::string>& mapping);

// Whether a file's latitude and longitude columns look swapped, from every row that has
// both as numbers. Great Britain lies between latitudes 49 and 61 and longitudes -8 and 2,
// so a swapped row has its "latitude" in -8..2 and its "longitude" in 49..61.
struct SwapCheck {
  int rows = 0;          // rows with both coordinates
  int look_swapped = 0;  // of those, the wrong way round for Great Britain
  int look_right = 0;    // the right way round
  // Most rows look swapped and more look swapped than right.
  bool swapped() const { return look_swapped * 2 > rows && look_swapped > look_right; }
};
SwapCheck check_swap(const std::vector<std::pair<double, double>>& lat_lon);

// What makes a place one place: its name (the address, or the row's name where there is
// no address), its postcode and its point rounded to 4 decimal places (about 10 m).
// Rows with the same key are one place; rows at different points never are.
std::string place_key(const std::string& name, const std::string& postcode, std::optional<double> lat,
                      std::optional<double> lon);

// Where the person importing chooses columns and swaps coordinates, so messages name
// the controls they have: command-line flags, or the upload page's choices.
enum class Controls { kCommandLine, kUploadPage };

struct SheetOptions {
  std::map<std::string, std::string> mapping;  // field -> column heading
  bool swap_coordinates = false;               // the person asked for latitude and longitude swapped
  Controls controls = Controls::kCommandLine;
};

// Why a file's bytes are not UTF-8 text ("save it as CSV UTF-8"), or nullopt: a UTF-16
// or UTF-32 byte-order mark, many zero bytes (a binary file or UTF-16 without a mark),
// or bytes that are not UTF-8 (naming the first line with them).
std::optional<std::string> encoding_problem(std::string_view content);

// A spreadsheet as Kith reads it.
struct SheetReading {
  Json feed = Json::array();          // HSDS records: local categories first, then services
  std::vector<Problem> problems;      // rows refused, by line
  std::vector<Problem> merged;        // rows that are one place or one service with another row
  std::vector<Problem> warnings;      // rows taken with part of a value not understood
  std::vector<std::string> unmapped;  // column headings no field takes
  Json columns = Json::array();       // [{column, field}] for every heading, field "" if none
  Json preview = Json::array();       // the first rows as read: line and each field's value
  SwapCheck swap;
  bool swapped_applied = false;
  int rows = 0;  // rows with any content
};

// Reads a spreadsheet. An error only for the file as a whole: no usable header, a bad
// mapping, or latitude and longitude swapped without `swap_coordinates` (the error
// explains and shows the first rows both ways). `terms` maps category names (lower
// case) to known taxonomy term ids; others become terms of "Local categories".
Result<SheetReading> read_sheet(std::istream& in, const SheetOptions& options,
                                const std::map<std::string, std::string>& terms);

}  // namespace kith::directory
