#pragma once
// A streaming RFC 4180 CSV reader: quoted fields, doubled quotes, CRLF, a UTF-8 BOM.
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kith {

class CsvReader {
 public:
  explicit CsvReader(std::istream& in);
  // Reads the next record into `fields`; false at end of input.
  bool next(std::vector<std::string>& fields);
  // Reads the header row and returns each column's index.
  std::map<std::string, size_t> header();
  // Line number of the record last read (1-based), for error messages.
  size_t line() const { return line_; }

 private:
  std::istream& in_;
  size_t line_ = 0;
  bool first_ = true;
};

// Column index by name, or an error message naming the missing column and the file.
std::optional<size_t> column(const std::map<std::string, size_t>& header, const std::string& name);

// Writes one CSV field, quoting where needed.
std::string csv_field(const std::string& s);
// Writes one CSV line, each field quoted where needed, ending in a newline.
std::string csv_line(const std::vector<std::string>& fields);

}  // namespace kith
