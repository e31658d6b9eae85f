// orm::Url::parse on any text. Beyond not crashing:
//   - it throws orm::ArgumentError or nothing;
//   - what toString(true) writes parses back to an equal Url;
//   - what toString(false) writes parses back to the same Url with the password "***";
//   - the password never shows: a URL whose password is replaced by "***" gives the same error
//     message, or the same masked rendering, as the original.
#include "Property.h"

#include <orm/engine/Error.h>
#include <orm/engine/Url.h>

#include <optional>

using namespace Qt::StringLiterals;
using quarry::fuzz::describe;
using quarry::fuzz::fail;

namespace {

struct Outcome
{
    std::optional<orm::Url> url;
    QString error; // the ArgumentError's message when there is no url
};

Outcome parse(const QString &text)
{
    try {
        return {orm::Url::parse(text), {}};
    } catch (const orm::ArgumentError &e) {
        return {std::nullopt, e.message()};
    } catch (...) {
        fail("Url::parse throws ArgumentError or nothing",
             u"text: %1\nthrew %2"_s.arg(text, describe(std::current_exception())));
    }
}

// Where a password would be in the text, found independently of the parser: in the
// authority (after "://", before the query's '?' and the path's '/'), between the first ':'
// of the user info and the last '@'. Empty when there is none.
std::pair<qsizetype, qsizetype> passwordSlot(const QString &text)
{
    const qsizetype scheme = text.indexOf(u"://"_s);
    if (scheme <= 0)
        return {0, 0};
    const qsizetype start = scheme + 3;
    qsizetype end = text.size();
    for (const QChar stop : {u'?', u'/'}) {
        const qsizetype at = text.indexOf(stop, start);
        if (at >= 0 && at < end)
            end = at;
    }
    const qsizetype at = text.lastIndexOf(u'@', end - 1);
    if (at < start)
        return {0, 0};
    const qsizetype colon = text.indexOf(u':', start);
    if (colon < 0 || colon > at)
        return {0, 0};
    return {colon + 1, at - colon - 1};
}

bool sameButPassword(const orm::Url &a, const orm::Url &b)
{
    return a.dialect() == b.dialect() && a.driverName() == b.driverName()
            && a.username() == b.username() && a.host() == b.host() && a.port() == b.port()
            && a.database() == b.database() && a.query() == b.query();
}

QString fields(const orm::Url &url)
{
    QStringList query;
    for (auto it = url.query().cbegin(); it != url.query().cend(); ++it)
        query << it.key() + u'=' + it.value();
    return u"dialect %1, driver '%2', user '%3', password '%4', host '%5', port %6, "
           u"database '%7', query {%8}"_s
                   .arg(orm::dialectName(url.dialect()), url.driverName(), url.username(),
                        url.password(), url.host())
                   .arg(url.port())
                   .arg(url.database(), query.join(u", "_s));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const Outcome outcome = parse(text);

    const QString trimmed = text.trimmed();
    const auto [slot, slotLength] = passwordSlot(trimmed);
    std::optional<Outcome> masked;
    if (slotLength > 0 && trimmed.mid(slot, slotLength) != u"***"_s)
        masked = parse(QString(trimmed).replace(slot, slotLength, u"***"_s));

    if (!outcome.url) {
        if (masked && masked->error != outcome.error)
            fail("an error message does not depend on the password",
                 u"text: %1\nmessage: %2\nwith the password masked: %3"_s.arg(
                         text, outcome.error, masked->url ? u"no error"_s : masked->error));
        return 0;
    }
    const orm::Url &url = *outcome.url;

    const QString revealed = url.toString(true);
    const Outcome again = parse(revealed);
    if (!again.url || *again.url != url)
        fail("toString(true) parses back to an equal Url",
             u"text: %1\nparsed: %2\nrendered: %3\nparsed again: %4"_s.arg(
                     text, fields(url), revealed, again.url ? fields(*again.url) : again.error));

    const QString shown = url.toString(false);
    const Outcome reread = parse(shown);
    if (!reread.url || !sameButPassword(*reread.url, url)
        || reread.url->password() != (url.password().isEmpty() ? QString() : u"***"_s))
        fail("toString(false) parses back to the Url with the password masked",
             u"text: %1\nparsed: %2\nrendered: %3\nparsed again: %4"_s.arg(
                     text, fields(url), shown, reread.url ? fields(*reread.url) : reread.error));

    if (masked
        && (!masked->url || !sameButPassword(*masked->url, url)
            || masked->url->toString(false) != shown))
        fail("the masked rendering does not depend on the password",
             u"text: %1\nrendered: %2\nwith the password masked: %3"_s.arg(
                     text, shown, masked->url ? masked->url->toString(false) : masked->error));
    return 0;
}
