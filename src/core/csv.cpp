#include "core/csv.h"

#include <algorithm>
#include <cctype>

#include "core/text.h"

namespace kith {

CsvReader::CsvReader(std::istream& in) : in_(in) {}

bool CsvReader::next(std::vector<std::string>& fields) {
  fields.clear();
  int c = in_.get();
  if (c == EOF) return false;
  ++line_;
  if (first_) {
    first_ = false;
    // Skip a UTF-8 byte order mark (all three bytes: a field that only starts like
    // one keeps its text).
    if (c == 0xEF && in_.peek() == 0xBB) {
      in_.get();
      if (in_.peek() == 0xBF) {
        in_.get();
        c = in_.get();
      } else {
        in_.unget();
      }
    }
  }
  std::string field;
  bool quoted = false;
  while (true) {
    if (c == EOF) {
      if (quoted) unclosed_ = quote_line_;
      fields.push_back(field);
      return true;
    }
    if (quoted) {
      if (c == '"') {
        if (in_.peek() == '"') {
          field += '"';
          in_.get();
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line_;
        field += static_cast<char>(c);
      }
    } else if (c == '"') {
      quoted = true;
      quote_line_ = line_;
    } else if (c == ',') {
      fields.push_back(field);
      field.clear();
    } else if (c == '\r') {
      // Ignored; the following \n ends the record.
    } else if (c == '\n') {
      fields.push_back(field);
      return true;
    } else {
      field += static_cast<char>(c);
    }
    c = in_.get();
  }
}

std::map<std::string, size_t> CsvReader::header() {
  std::vector<std::string> fields;
  std::map<std::string, size_t> out;
  if (!next(fields)) return out;
  for (size_t i = 0; i < fields.size(); ++i) out[fields[i]] = i;
  return out;
}

std::string unclosed_quote_problem(size_t line) {
  return "line " + std::to_string(line) +
         " opens a quote (\") that is never closed, so everything after it would be read as one cell";
}

std::optional<size_t> column(const std::map<std::string, size_t>& header, const std::string& name) {
  auto it = header.find(name);
  if (it == header.end()) return std::nullopt;
  return it->second;
}

namespace {

// True when the whole cell is one decimal number ("-2.01", "+3", "1.5e-3"): a spreadsheet reads it as
// that number, never as a formula, so it is left alone and numbers stay numbers.
bool plain_number(const std::string& s) {
  std::size_t i = 0, n = s.size();
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exponent = 0;
    while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++exponent;
    if (exponent == 0) return false;
  }
  return i == n;
}

}  // namespace

bool all_utf8(const std::vector<std::string>& cells) {
  return std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return valid_utf8(c); });
}

bool csv_formula(const std::string& s) {
  if (s.empty()) return false;
  switch (s[0]) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return !plain_number(s);
    default:
      return false;
  }
}

std::string csv_field(const std::string& s) {
  bool formula = csv_formula(s);
  if (!formula && s.find_first_of(",\"\n\r") == std::string::npos) return s;
  // OWASP's rule for a cell a spreadsheet would run: a leading single quote makes it text, and the
  // quotes keep any separator inside it from starting a new cell.
  std::string out = formula ? "\"'" : "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + csv_field(fields[i]);
  return out + "\n";
}

}  // namespace kith
