#include "SvgIconEngine.h"

#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QPixmapCache>
#include <QSvgRenderer>

using namespace Qt::StringLiterals;

namespace quarry {

namespace {

// Disabled icons are the normal ones, faded, so that the coloured accents fade as well.
constexpr qreal disabledOpacity = 0.4;

} // namespace

SvgIconEngine::SvgIconEngine(const QString &name, const QByteArray &svg,
                             const QByteArray &neutralColour)
    : m_name(name), m_svg(svg), m_neutralColour(neutralColour)
{ }

void SvgIconEngine::paint(QPainter *painter, const QRect &rect, QIcon::Mode mode,
                          QIcon::State state)
{
    const qreal scale = painter->device() ? painter->device()->devicePixelRatio() : 1.0;
    const QSize size = actualSize(rect.size(), mode, state);
    const QPixmap pixmap = scaledPixmap(size * scale, mode, state, scale);
    const QRect target(rect.topLeft()
                               + QPoint((rect.width() - size.width()) / 2,
                                        (rect.height() - size.height()) / 2),
                       size);
    painter->drawPixmap(target, pixmap);
}

QPixmap SvgIconEngine::pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state)
{
    return render(actualSize(size, mode, state), mode);
}

QPixmap SvgIconEngine::scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                                    qreal scale)
{
    // QIcon::pixmap(size, dpr) asks for size * dpr device pixels: render exactly those, rather
    // than scaling a 1x pixmap up, which is what keeps the icons crisp at 200%.
    QPixmap pixmap = render(actualSize(size, mode, state), mode);
    pixmap.setDevicePixelRatio(scale);
    return pixmap;
}

QSize SvgIconEngine::actualSize(const QSize &size, QIcon::Mode, QIcon::State)
{
    // The documents are square; a non-square request gets the largest square that fits.
    const int side = qMin(size.width(), size.height());
    return side > 0 ? QSize(side, side) : QSize();
}

QIconEngine *SvgIconEngine::clone() const
{
    return new SvgIconEngine(*this);
}

QString SvgIconEngine::key() const
{
    return u"QuarrySvgIconEngine"_s;
}

QString SvgIconEngine::iconName()
{
    return m_name;
}

bool SvgIconEngine::isNull()
{
    return m_svg.isEmpty();
}

QPixmap SvgIconEngine::render(const QSize &size, QIcon::Mode mode)
{
    if (size.isEmpty() || m_svg.isEmpty())
        return {};

    const QPalette palette = QGuiApplication::palette();
    const QColor neutral = palette.color(QPalette::Active,
                                         mode == QIcon::Selected ? QPalette::HighlightedText
                                                                 : QPalette::WindowText);
    // The colour is part of the key: a palette change (a theme switch) draws afresh.
    const QString cacheKey = u"quarry-icon/%1/%2x%3/%4/%5"_s.arg(m_name)
                                     .arg(size.width())
                                     .arg(size.height())
                                     .arg(int(mode))
                                     .arg(m_neutralColour.isEmpty() ? 0u : neutral.rgba());
    QPixmap cached;
    if (QPixmapCache::find(cacheKey, &cached))
        return cached;

    QByteArray document = m_svg;
    if (!m_neutralColour.isEmpty())
        document.replace(m_neutralColour, neutral.name(QColor::HexRgb).toLatin1());
    QSvgRenderer renderer(document);

    // Drawn into an image: that needs no screen and is the same on every platform plugin.
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        if (mode == QIcon::Disabled)
            painter.setOpacity(disabledOpacity);
        renderer.render(&painter, QRectF(QPointF(0, 0), QSizeF(size)));
    }
    QPixmap pixmap = QPixmap::fromImage(std::move(image));
    QPixmapCache::insert(cacheKey, pixmap);
    return pixmap;
}

} // namespace quarry
