#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace Crucible {

/// A failure core reports as data. The UI offers Retry for Network, not for Parse/Usage.
struct Error
{
    enum class Kind { Io, Parse, Usage, Network, Provider, Cancelled, Internal };
    Kind kind = Kind::Internal;
    QString message; ///< one sentence, no API keys (see redact.h)
};

/// A value or an Error. No exceptions cross the event loop.
template <typename T>
class Result
{
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_data(std::in_place_index<1>, std::move(error)) {}
    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const Error &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

template <>
class Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}
    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace Crucible
