// One row of a Result: values by position or by column name (SQLAlchemy's Row).
#pragma once

#include <QSharedPointer>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>

namespace orm {

class Row
{
public:
    Row() = default;
    Row(QSharedPointer<const QStringList> columns, QVariantList values)
        : m_columns(std::move(columns)), m_values(std::move(values))
    { }

    qsizetype size() const { return m_values.size(); }
    QVariant value(qsizetype index) const { return m_values.value(index); }
    // Throws InvalidRequestError when there is no such column.
    QVariant value(const QString &column) const;
    QVariant operator[](qsizetype index) const { return value(index); }
    QVariant operator[](const QString &column) const { return value(column); }

    QStringList keys() const { return m_columns ? *m_columns : QStringList(); }
    const QVariantList &values() const { return m_values; }
    QVariantMap toMap() const;

    friend bool operator==(const Row &a, const Row &b) { return a.m_values == b.m_values; }

private:
    QSharedPointer<const QStringList> m_columns;
    QVariantList m_values;
};

} // namespace orm
