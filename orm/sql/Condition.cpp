#include "Condition.h"

using namespace Qt::StringLiterals;

namespace orm {

Condition Condition::compare(Expression left, QString op, QVariant value)
{
    return Condition(std::make_shared<const Node>(Node {.kind = Kind::Compare,
                                                        .left = std::move(left),
                                                        .op = std::move(op),
                                                        .values = {std::move(value)}}));
}

Condition Condition::compare(Expression left, QString op, Expression right)
{
    return Condition(std::make_shared<const Node>(Node {.kind = Kind::Compare,
                                                        .left = std::move(left),
                                                        .right = std::move(right),
                                                        .op = std::move(op)}));
}

Condition Condition::isNull(Expression left, bool null)
{
    return Condition(std::make_shared<const Node>(
            Node {.kind = null ? Kind::IsNull : Kind::IsNotNull, .left = std::move(left)}));
}

Condition Condition::like(Expression left, QString pattern, bool caseInsensitive, bool escaped)
{
    return Condition(std::make_shared<const Node>(Node {.kind = Kind::Like,
                                                        .left = std::move(left),
                                                        .values = {std::move(pattern)},
                                                        .flag = caseInsensitive,
                                                        .escaped = escaped}));
}

Condition Condition::in(Expression left, QVariantList values, bool negated)
{
    return Condition(std::make_shared<const Node>(Node {.kind = negated ? Kind::NotIn : Kind::In,
                                                        .left = std::move(left),
                                                        .values = std::move(values)}));
}

Condition Condition::in(Expression left, Expression subquery, bool negated)
{
    return Condition(std::make_shared<const Node>(Node {.kind = negated ? Kind::NotIn : Kind::In,
                                                        .left = std::move(left),
                                                        .right = std::move(subquery)}));
}

Condition Condition::between(Expression left, QVariant low, QVariant high)
{
    return Condition(
            std::make_shared<const Node>(Node {.kind = Kind::Between,
                                               .left = std::move(left),
                                               .values = {std::move(low), std::move(high)}}));
}

Condition Condition::custom(std::function<void(SqlWriter &)> write)
{
    return Condition(
            std::make_shared<const Node>(Node {.kind = Kind::Custom, .custom = std::move(write)}));
}

Condition Condition::combine(Kind kind, const Condition &a, const Condition &b)
{
    return Condition(std::make_shared<const Node>(Node {.kind = kind, .children = {a, b}}));
}

Condition operator&&(const Condition &a, const Condition &b)
{
    return Condition::combine(Condition::Kind::And, a, b);
}

Condition operator||(const Condition &a, const Condition &b)
{
    return Condition::combine(Condition::Kind::Or, a, b);
}

Condition operator!(const Condition &a)
{
    return Condition(std::make_shared<const Condition::Node>(
            Condition::Node {.kind = Condition::Kind::Not, .children = {a}}));
}

void Condition::write(SqlWriter &out) const
{
    const Node &n = *m_node;
    switch (n.kind) {
    case Kind::Compare:
        n.left->write(out);
        out << u' ' + n.op + u' ';
        if (n.right)
            n.right->write(out);
        else
            out.bind(n.values.first());
        return;
    case Kind::Custom:
        n.custom(out);
        return;
    case Kind::IsNull:
    case Kind::IsNotNull:
        n.left->write(out);
        out << (n.kind == Kind::IsNull ? u" IS NULL"_s : u" IS NOT NULL"_s);
        return;
    case Kind::Like:
        // SQLite's LIKE ignores case (for ASCII) already; lower() makes ilike exact for all text.
        if (n.flag && out.dialect() == Dialect::SQLite) {
            out << u"lower("_s;
            n.left->write(out);
            out << u") LIKE lower("_s;
            out.bind(n.values.first());
            out << u")"_s;
        } else {
            n.left->write(out);
            out << (n.flag ? u" ILIKE "_s : u" LIKE "_s);
            out.bind(n.values.first());
        }
        if (n.escaped)
            out << u" ESCAPE '\\'"_s;
        return;
    case Kind::In:
    case Kind::NotIn:
        if (n.right) {
            n.left->write(out);
            out << (n.kind == Kind::In ? u" IN "_s : u" NOT IN "_s);
            n.right->write(out);
            return;
        }
        if (n.values.isEmpty()) {
            // An empty IN list is valid in neither dialect; its meaning is a constant.
            out << (n.kind == Kind::In ? u"1 != 1"_s : u"1 = 1"_s);
            return;
        }
        n.left->write(out);
        out << (n.kind == Kind::In ? u" IN ("_s : u" NOT IN ("_s);
        for (qsizetype i = 0; i < n.values.size(); ++i) {
            if (i)
                out << u", "_s;
            out.bind(n.values.at(i));
        }
        out << u")"_s;
        return;
    case Kind::Between:
        n.left->write(out);
        out << u" BETWEEN "_s;
        out.bind(n.values.at(0));
        out << u" AND "_s;
        out.bind(n.values.at(1));
        return;
    case Kind::And:
    case Kind::Or:
        out << u"("_s;
        n.children.at(0).write(out);
        out << (n.kind == Kind::And ? u" AND "_s : u" OR "_s);
        n.children.at(1).write(out);
        out << u")"_s;
        return;
    case Kind::Not:
        out << u"NOT ("_s;
        n.children.at(0).write(out);
        out << u")"_s;
        return;
    }
}

QString escapeLike(const QString &text)
{
    QString escaped;
    escaped.reserve(text.size());
    for (const QChar c : text) {
        if (c == u'\\' || c == u'%' || c == u'_')
            escaped += u'\\';
        escaped += c;
    }
    return escaped;
}

} // namespace orm
