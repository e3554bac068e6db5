// Tokens of a C litmus thread body. The lexer works on the body text alone but reports
// absolute file positions (it starts counting at the body's first character), so every later
// error can point at the exact spot in the .litmus file.
#pragma once
#include <string>
#include <vector>

#include "sim/base/error.h"
#include "sim/base/types.h"

namespace mmsim {

struct CToken {
  enum class Kind { Ident, Number, Punct, End } kind = Kind::End;
  std::string text;  // spelling (identifier, punctuator, literal as written)
  Value value = 0;   // Number
  SourcePos pos;

  bool is(const char* punct) const { return kind == Kind::Punct && text == punct; }
  bool is_ident(const char* word) const { return kind == Kind::Ident && text == word; }
  // For messages: "'foo'" or "end of thread body".
  std::string describe() const;
};

class CLexer {
 public:
  // `start` is the position of text[0]; its file is copied into every token.
  CLexer(const std::string& text, SourcePos start);
  // The whole body, ending with one End token (positioned just past the text).
  // Throws BadInput("parse") on a stray character, bad literal or unterminated comment.
  std::vector<CToken> tokenize();

 private:
  char peek(std::size_t ahead = 0) const;
  void advance();
  SourcePos here() const;
  void skip_space_and_comments();
  CToken number();
  CToken ident();
  CToken punct();

  const std::string& text_;
  std::size_t i_ = 0;
  SourcePos pos_;
};

}  // namespace mmsim
