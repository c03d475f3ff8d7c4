// Dialog boxes through /usr/bin/whiptail, for `twin menu`. whiptail draws on
// the terminal, so it runs with our stdin and stdout (the tty) and writes the
// answer to stderr, which we read from a pipe. Spawned with posix_spawn and
// an exact argv: no shell. Secrets typed into a password box come back
// through that pipe, never through argv.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace twin::cli {

struct WhiptailItem {
  std::string tag;    // what the box returns
  std::string label;  // what the user sees
};

/// The buttons of a yes/no box, named by what they do ("Apply", "Cancel").
struct Question {
  std::string yes = "Yes";
  std::string no = "No";
};

class Whiptail {
 public:
  /// /usr/bin/whiptail, or $TWIN_WHIPTAIL when it is an absolute path (for
  /// tests); nullopt when that program does not exist.
  static std::optional<Whiptail> find();

  /// The chosen tag; nullopt on Cancel or Esc.
  std::optional<std::string> menu(const std::string& title, const std::string& text,
                                  const std::vector<WhiptailItem>& items);
  /// True for the yes button. The focus starts on the no button, so Enter
  /// alone never does what was asked about; yes is one Tab (or Left) away.
  /// The box fits the text (box_size.h); a text taller than the screen
  /// scrolls.
  bool yesno(const std::string& title, const std::string& text, const Question& question = {});
  /// Shows `text` in a box sized to it (through a private temp file, so
  /// columns stay aligned); Enter or Esc closes it. A text taller than the
  /// screen scrolls with the arrows, and then Esc (or Tab, Enter) closes it.
  void textbox(const std::string& title, const std::string& text);
  /// What was typed (not echoed); nullopt on Cancel or Esc.
  std::optional<std::string> password(const std::string& title, const std::string& text);
  /// The tags of the items left checked (each starts checked when `on`);
  /// nullopt on Cancel or Esc.
  std::optional<std::vector<std::string>> checklist(const std::string& title,
                                                    const std::string& text,
                                                    const std::vector<WhiptailItem>& items,
                                                    const std::vector<bool>& on);
  /// What was typed; nullopt on Cancel or Esc.
  std::optional<std::string> inputbox(const std::string& title, const std::string& text,
                                      const std::string& initial = "");

 private:
  explicit Whiptail(std::string program) : program_(std::move(program)) {}

  struct Answer {
    int exit_code = -1;  // 0 OK/Yes, 1 Cancel/No, 255 Esc
    std::string text;    // what whiptail wrote to stderr
  };
  Answer run(const std::vector<std::string>& args);

  std::string program_;
};

}  // namespace twin::cli
