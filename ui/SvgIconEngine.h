// Draws one SVG document as an icon, at whatever size and device pixel ratio is asked, with its
// neutral colour replaced by the application palette's text colour at the time it is drawn.
#pragma once

#include <QByteArray>
#include <QIconEngine>
#include <QString>

namespace quarry {

class SvgIconEngine : public QIconEngine
{
public:
    // Every occurrence of `neutralColour` (e.g. "#808080") in `svg` is drawn in the palette's
    // WindowText colour; an empty `neutralColour` draws the document as it is.
    SvgIconEngine(const QString &name, const QByteArray &svg, const QByteArray &neutralColour);

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override;
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override;
    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                         qreal scale) override;
    QSize actualSize(const QSize &size, QIcon::Mode mode, QIcon::State state) override;
    QIconEngine *clone() const override;
    QString key() const override;
    QString iconName() override;
    bool isNull() override;

private:
    // `size` is in device pixels.
    QPixmap render(const QSize &size, QIcon::Mode mode);

    QString m_name;
    QByteArray m_svg;
    QByteArray m_neutralColour;
};

} // namespace quarry
