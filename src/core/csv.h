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
  // The line whose quote was never closed, once the end of the input was reached
  // inside it: the last field then holds the rest of the file, and the file is broken.
  std::optional<size_t> unclosed_quote() const { return unclosed_; }

 private:
  std::istream& in_;
  size_t line_ = 0;
  bool first_ = true;
  size_t quote_line_ = 0;
  std::optional<size_t> unclosed_;
};

// What is wrong with a file whose quote opened on `line` and never closed, for an import to say.
std::string unclosed_quote_problem(size_t line);

// Column index by name, or an error message naming the missing column and the file.
std::optional<size_t> column(const std::map<std::string, size_t>& header, const std::string& name);

// Whether every cell of a row is UTF-8 text. A CSV is bytes: a file saved in another
// encoding must be refused by row, not stored and then fail every page that shows it.
bool all_utf8(const std::vector<std::string>& cells);

// True when a spreadsheet would read the cell as a formula: it begins with =, +, -, @, a tab or a
// carriage return (OWASP's list for CSV injection) and is not simply a number such as "-2.01".
bool csv_formula(const std::string& s);
// Writes one CSV field, quoting where needed. A formula is neutralised by OWASP's rule: prefixed
// with a single quote and quoted. Every CSV Kith writes goes through this or csv_line.
std::string csv_field(const std::string& s);
// Writes one CSV line, each field as csv_field writes it, ending in a newline.
std::string csv_line(const std::vector<std::string>& fields);

}  // namespace kith
