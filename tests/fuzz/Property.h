// What the fuzz targets share: a failed property is reported like a crash (abort()), so that
// libFuzzer saves the input that broke it and scripts/fuzz.sh fails.
#pragma once

#include <QString>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <typeinfo>

namespace quarry::fuzz {

[[noreturn]] inline void fail(const char *property, const QString &detail = {})
{
    std::fprintf(stderr, "\n*** property violated: %s\n%s\n", property, qUtf8Printable(detail));
    std::abort();
}

// The text of an exception that should not have been thrown, for fail().
inline QString describe(std::exception_ptr error)
{
    try {
        std::rethrow_exception(error);
    } catch (const std::exception &e) {
        return QStringLiteral("%1: %2").arg(QString::fromUtf8(typeid(e).name()),
                                            QString::fromUtf8(e.what()));
    } catch (...) {
        return QStringLiteral("an exception that is not a std::exception");
    }
}

} // namespace quarry::fuzz
