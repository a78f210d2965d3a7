#include "support/smtp_sink.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "core/crypto.h"

namespace kith::testing {

SmtpSink::SmtpSink() {
  dir_ = (std::filesystem::temp_directory_path() / ("kith-smtp-" + random_token(6))).string();
  std::filesystem::create_directories(dir_ + "/out");
  std::string openssl =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout '" +
      dir_ + "/key.pem' -out '" + dir_ + "/cert.pem' 2>/dev/null";
  if (std::system(openssl.c_str()) != 0) throw std::runtime_error("openssl could not make a test certificate");
  launch();
}

void SmtpSink::launch() {
  std::filesystem::remove(dir_ + "/port");
  std::string script = std::string(KITH_SOURCE_DIR) + "/tests/support/smtp_sink.py";
  std::string command = "/usr/bin/python3 '" + script + "' '" + dir_ + "/cert.pem' '" + dir_ + "/key.pem' '" + dir_ +
                        "/out' " + (port_ ? std::to_string(port_) : "") + " > '" + dir_ + "/port' 2> '" + dir_ +
                        "/log'";
  process_ = popen(command.c_str(), "w");
  if (!process_) throw std::runtime_error("could not start the SMTP sink");
  int port = 0;
  for (int i = 0; i < 200 && port == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::ifstream in(dir_ + "/port");
    in >> port;
  }
  port_ = port;
  if (port_ == 0) throw std::runtime_error("the SMTP sink did not start (see " + dir_ + "/log)");
}

SmtpSink::~SmtpSink() {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void SmtpSink::stop() {
  if (process_) pclose(process_);  // closes its stdin: it stops
  process_ = nullptr;
}

void SmtpSink::start() {
  if (!process_) launch();
}

void SmtpSink::set_busy(bool busy) {
  if (busy)
    std::ofstream(dir_ + "/busy") << "busy";
  else
    std::filesystem::remove(dir_ + "/busy");
}

std::vector<std::string> SmtpSink::messages() const {
  std::vector<std::string> out;
  for (int n = 1;; ++n) {
    std::ifstream in(dir_ + "/out/" + std::to_string(n) + ".eml", std::ios::binary);
    if (!in) break;
    std::stringstream s;
    s << in.rdbuf();
    out.push_back(s.str());
  }
  return out;
}

}  // namespace kith::testing
