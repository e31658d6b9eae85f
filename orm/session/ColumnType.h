// How a C++ member type maps to SQL: its column type per dialect, whether it can hold NULL, and
// the conversion to and from QVariant. NULL is never turned into 0 or "": only types that can
// say "null" (std::optional, QString, QByteArray, QDate, ...) are nullable.
#pragma once

#include "../engine/Dialect.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QTime>
#include <QUuid>
#include <QVariant>

#include <optional>
#include <type_traits>

namespace orm {

template<typename T> struct ColumnType;

namespace detail {

template<typename T> struct PlainColumnType
{
    static constexpr bool canBeNull = false;
    static QVariant toVariant(const T &value) { return QVariant::fromValue(value); }
    static T fromVariant(const QVariant &value) { return value.value<T>(); }
    static QVariant null() { return QVariant(QMetaType::fromType<T>()); }
};

// Types whose default-constructed value is their null, as QString's is.
template<typename T> struct NullableColumnType : PlainColumnType<T>
{
    static constexpr bool canBeNull = true;
    static QVariant toVariant(const T &value)
    {
        return value.isNull() ? PlainColumnType<T>::null() : QVariant::fromValue(value);
    }
    static T fromVariant(const QVariant &value) { return value.isNull() ? T() : value.value<T>(); }
};

} // namespace detail

template<typename T>
requires std::is_integral_v<T> &&(!std::is_same_v<T, bool>)struct ColumnType<T>
    : detail::PlainColumnType<T>
{
    static QString sqlType(Dialect)
    {
        // An unsigned 32-bit value does not fit PostgreSQL's signed INTEGER.
        if constexpr (sizeof(T) > 4 || (sizeof(T) == 4 && std::is_unsigned_v<T>))
            return QStringLiteral("BIGINT");
        else if constexpr (sizeof(T) <= 2)
            return QStringLiteral("SMALLINT");
        else
            return QStringLiteral("INTEGER");
    }
};

template<> struct ColumnType<bool> : detail::PlainColumnType<bool>
{
    static QString sqlType(Dialect) { return QStringLiteral("BOOLEAN"); }
    static bool fromVariant(const QVariant &value) { return value.toBool(); }
};

template<> struct ColumnType<double> : detail::PlainColumnType<double>
{
    static QString sqlType(Dialect) { return QStringLiteral("FLOAT"); }
};

template<> struct ColumnType<QString> : detail::NullableColumnType<QString>
{
    static QString sqlType(Dialect) { return QStringLiteral("VARCHAR"); }
};

template<> struct ColumnType<QByteArray> : detail::NullableColumnType<QByteArray>
{
    static QString sqlType(Dialect dialect)
    {
        return dialect == Dialect::SQLite ? QStringLiteral("BLOB") : QStringLiteral("BYTEA");
    }
};

template<> struct ColumnType<QDate> : detail::NullableColumnType<QDate>
{
    static QString sqlType(Dialect) { return QStringLiteral("DATE"); }
};

template<> struct ColumnType<QTime> : detail::NullableColumnType<QTime>
{
    static QString sqlType(Dialect) { return QStringLiteral("TIME"); }
};

template<> struct ColumnType<QDateTime> : detail::NullableColumnType<QDateTime>
{
    static QString sqlType(Dialect dialect)
    {
        return dialect == Dialect::SQLite ? QStringLiteral("DATETIME")
                                          : QStringLiteral("TIMESTAMP");
    }
};

template<> struct ColumnType<QUuid> : detail::NullableColumnType<QUuid>
{
    static QString sqlType(Dialect dialect)
    {
        return dialect == Dialect::SQLite ? QStringLiteral("CHAR(32)") : QStringLiteral("UUID");
    }
    static QVariant toVariant(const QUuid &value)
    {
        return value.isNull() ? null() : QVariant(value.toString(QUuid::WithoutBraces));
    }
    static QUuid fromVariant(const QVariant &value) { return QUuid(value.toString()); }
};

template<> struct ColumnType<QJsonObject> : detail::PlainColumnType<QJsonObject>
{
    static constexpr bool canBeNull = true;
    static QString sqlType(Dialect) { return QStringLiteral("JSON"); }
    static QVariant toVariant(const QJsonObject &value)
    {
        return QString::fromUtf8(QJsonDocument(value).toJson(QJsonDocument::Compact));
    }
    static QJsonObject fromVariant(const QVariant &value)
    {
        return QJsonDocument::fromJson(value.toString().toUtf8()).object();
    }
};

// A JSON document that may be absent: a null QJsonDocument is SQL NULL.
template<> struct ColumnType<QJsonDocument>
{
    static constexpr bool canBeNull = true;
    static QString sqlType(Dialect) { return QStringLiteral("JSON"); }
    static QVariant null() { return QVariant(QMetaType::fromType<QString>()); }
    static QVariant toVariant(const QJsonDocument &value)
    {
        return value.isNull() ? null()
                              : QVariant(QString::fromUtf8(value.toJson(QJsonDocument::Compact)));
    }
    static QJsonDocument fromVariant(const QVariant &value)
    {
        return value.isNull() ? QJsonDocument()
                              : QJsonDocument::fromJson(value.toString().toUtf8());
    }
};

template<typename T>
requires std::is_enum_v<T>
struct ColumnType<T> : ColumnType<std::underlying_type_t<T>>
{
    using Underlying = std::underlying_type_t<T>;
    static QVariant toVariant(const T &value) { return QVariant::fromValue(Underlying(value)); }
    static T fromVariant(const QVariant &value) { return T(value.value<Underlying>()); }
    static QVariant null() { return QVariant(QMetaType::fromType<Underlying>()); }
};

template<typename T> struct ColumnType<std::optional<T>>
{
    using Inner = ColumnType<T>;
    static constexpr bool canBeNull = true;
    static QString sqlType(Dialect dialect) { return Inner::sqlType(dialect); }
    static QVariant toVariant(const std::optional<T> &value)
    {
        return value ? Inner::toVariant(*value) : Inner::null();
    }
    static std::optional<T> fromVariant(const QVariant &value)
    {
        if (value.isNull())
            return std::nullopt;
        return Inner::fromVariant(value);
    }
    static QVariant null() { return Inner::null(); }
};

} // namespace orm
