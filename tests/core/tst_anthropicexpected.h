#pragma once

// Hand-written expectations for the anthropic-* fixtures of ../shared/reference/fixtures, in
// Crucible::Test::describeEvent() form. Written by reading each file (not by running the decoder);
// shared by tst_anthropicdecoder and tst_anthropicreplay.

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace AnthropicExpected {

using namespace Qt::StringLiterals;

/// (fixture file name, expected events) for every Anthropic fixture.
inline QList<QPair<QString, QStringList>> fixtures()
{
    return {
        // text + ping: message_start usage {input 11, output 1}; "Hello", " there", "!";
        // message_delta end_turn with cumulative output 6 (input not repeated: stays 11).
        {u"anthropic-stream-text.txt"_s,
         {u"meta msg_4QpJur2dWWDjF6C758FbBw5vm12BaVipnK"_s,
          u"usage in=11 cached=-1 write=-1 out=1 reasoning=-1"_s,
          u"text Hello"_s, u"text  there"_s, u"text !"_s,
          u"finish end_turn"_s,
          u"usage in=11 cached=-1 write=-1 out=6 reasoning=-1"_s}},
        // text block, then tool_use block 1 whose input_json_delta pieces are
        // "" + {"locati + on": "P + ar + is"}  ->  {"location": "Paris"}  (compact on output).
        {u"anthropic-stream-tool-use.txt"_s,
         {u"meta msg_019Q1hrJbZG26Fb9BQhrkHEr"_s,
          u"usage in=377 cached=0 write=0 out=1 reasoning=-1"_s,
          u"text I"_s, u"text 'll check the current weather in Paris for you."_s,
          u"tool toolu_01NRLabsLyVHZPKxbKvkfSMn get_weather {\"location\":\"Paris\"}"_s,
          u"finish tool_use"_s,
          u"usage in=377 cached=0 write=0 out=65 reasoning=-1"_s}},
        // empty text block, stop_reason refusal (stop_details ignored), output_tokens 0.
        {u"anthropic-stream-refusal.txt"_s,
         {u"meta msg_01RefusalTestMessage123456789"_s,
          u"usage in=20 cached=-1 write=-1 out=1 reasoning=-1"_s,
          u"finish refusal"_s,
          u"usage in=20 cached=-1 write=-1 out=0 reasoning=-1"_s}},
        // padded JSON; after ping: event: error {"type":"api_error","message":"Overloaded"}.
        {u"anthropic-stream-midstream-error.txt"_s,
         {u"meta msg_01Pvyf26bY17RcjmWfJsXGBn"_s,
          u"usage in=18 cached=0 write=0 out=1 reasoning=-1"_s,
          u"error overloaded 0: Overloaded"_s}},
        // HTTP 400 invalid_request_error "prompt is too long" -> context-length.
        {u"anthropic-error-400.txt"_s,
         {u"error context-length 400: prompt is too long: 205429 tokens > 200000 maximum"_s}},
    };
}

} // namespace AnthropicExpected
