// The translations: quarry_ru.ts is complete (nothing unfinished, obsolete or vanished, three
// plural forms, placeholders and accelerators kept) and up to date with the sources (lupdate run
// on ui/ and app/ into a temporary copy adds nothing); quarry_en.ts holds the English plural
// forms. Then the real window in Russian: menus, toolbar, table headers, the status bar, Qt's own
// buttons, distinct accelerators within each menu, and every string the code asks for found in
// the catalog under the context the code asks with.
#include "support/TestBackends.h"

#include <orm/async/AsyncEngine.h>
#include <orm/engine/Error.h>
#include <ui/DataTransfer.h>
#include <ui/ErrorText.h>
#include <ui/ImportError.h>
#include <ui/MainWindow.h>
#include <ui/PostsTableModel.h>
#include <ui/Schema.h>
#include <ui/Translations.h>
#include <ui/UserValidation.h>
#include <ui/UsersTableModel.h>

#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QDialogButtonBox>
#include <QFile>
#include <QHash>
#include <QLibraryInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMutex>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QTranslator>
#include <QXmlStreamReader>

#include <functional>

using namespace Qt::StringLiterals;
using quarry::MainWindow;
using quarry::test::await;

namespace {

const QString sourceDir = QStringLiteral(QUARRY_SOURCE_DIR);
const QString lupdate = QStringLiteral(QUARRY_LUPDATE);

QString catalogPath(const QString &language)
{
    return sourceDir + u"/translations/quarry_"_s + language + u".ts"_s;
}

struct Message
{
    QString context;
    QString source;
    QString type; // of the translation: "", "unfinished", "obsolete" or "vanished"
    bool numerus = false;
    QStringList forms; // the translation, or its plural forms

    QString name() const { return context + u": "_s + source; }
};

// The messages of a .ts file, or nothing with *error set.
QList<Message> readCatalog(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<Message> messages;
    QString context;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const QStringView element = xml.name();
        if (element == u"name"_s) {
            context = xml.readElementText();
        } else if (element == u"message"_s) {
            messages.append({.context = context,
                             .numerus = xml.attributes().value(u"numerus"_s) == u"yes"_s});
        } else if (messages.isEmpty()) {
            continue;
        } else if (element == u"source"_s) {
            messages.last().source = xml.readElementText();
        } else if (element == u"translation"_s) {
            Message &message = messages.last();
            message.type = xml.attributes().value(u"type"_s).toString();
            if (!message.numerus)
                message.forms = {xml.readElementText()};
        } else if (element == u"numerusform"_s) {
            messages.last().forms.append(xml.readElementText());
        }
    }
    if (xml.hasError())
        *error = u"%1:%2: %3"_s.arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return xml.hasError() ? QList<Message>() : messages;
}

// Runs lupdate on ui/ and app/ (never orm/: its messages stay English) into the .ts file at
// `path`, as the update_translations target does. Returns lupdate's output when it fails.
QString runLupdate(const QString &path, const QStringList &options)
{
    QProcess process;
    process.start(lupdate,
                  QStringList {sourceDir + u"/ui"_s, sourceDir + u"/app"_s, u"-I"_s, sourceDir}
                          + options + QStringList {u"-ts"_s, path});
    if (!process.waitForFinished(120'000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0)
        return lupdate + u" failed: "_s + process.errorString() + u'\n'
                + QString::fromLocal8Bit(process.readAllStandardOutput()
                                         + process.readAllStandardError());
    return {};
}

QStringList placeholders(const QString &text)
{
    static const QRegularExpression marker(u"%(?:\\d{1,2}|n)"_s);
    QStringList found;
    for (const QRegularExpressionMatch &match : marker.globalMatch(text))
        found.append(match.captured());
    found.sort();
    found.removeDuplicates();
    return found;
}

// "&&" is a literal ampersand, not an accelerator.
qsizetype accelerators(const QString &text)
{
    return QString(text).remove(u"&&"_s).count(u'&');
}

// Asks Quarry's Russian catalog everything the code asks for and keeps what it has no answer
// to. lupdate guesses the context of a tr() call from where it stands; when the code translates
// with another context, the string is in the .ts file, translated, and still shows in English.
class MissRecorder : public QTranslator
{
public:
    MissRecorder() { m_loaded = m_catalog.load(u":/i18n/quarry_ru.qm"_s); }

    bool loaded() const { return m_loaded; }
    bool isEmpty() const override { return false; }

    QString translate(const char *context, const char *sourceText, const char *disambiguation,
                      int n) const override
    {
        const QString found = m_catalog.translate(context, sourceText, disambiguation, n);
        // Qt's own classes ask Qt's catalog, not ours.
        const bool qt = context && context[0] == 'Q' && context[1] >= 'A' && context[1] <= 'Z';
        if (found.isEmpty() && !qt) {
            // tr() may run on a connection lane's thread (import and export do).
            QMutexLocker locker(&m_mutex);
            m_missed.append(QString::fromUtf8(context) + u": "_s + QString::fromUtf8(sourceText));
        }
        return found;
    }

    QStringList takeMissed()
    {
        QMutexLocker locker(&m_mutex);
        QStringList missed = std::exchange(m_missed, {});
        missed.removeDuplicates();
        return missed;
    }

private:
    QTranslator m_catalog;
    bool m_loaded = false;
    mutable QMutex m_mutex;
    mutable QStringList m_missed;
};

std::shared_ptr<orm::AsyncEngine> sqliteWithUsers()
{
    auto engine = orm::createAsyncEngine(quarry::test::freshSqliteUrl());
    await(engine->runSync([](orm::Connection &c) {
        quarry::prepareSchema(c);
        c.execute(u"INSERT INTO users (name, age) VALUES (?, ?), (?, ?), (?, NULL)"_s,
                  {u"Смитти"_s, 30, u"Ada"_s, 36, u"Nobody"_s});
        c.execute(u"INSERT INTO posts (title, user_id) VALUES ('a', 1), ('b', 1), ('c', 2)"_s);
    }));
    return engine;
}

// The message of the import of `csv`, which must fail.
QString importFailure(const QByteArray &csv)
{
    auto engine = orm::createAsyncEngine(quarry::test::freshSqliteUrl());
    await(engine->runSync([](orm::Connection &c) { quarry::prepareSchema(c); }));
    QBuffer buffer;
    buffer.setData(csv);
    buffer.open(QIODevice::ReadOnly);
    try {
        await(quarry::importUsersCsv(engine, &buffer));
    } catch (const quarry::TransferError &error) {
        return error.message();
    }
    return u"(the import succeeded)"_s;
}

} // namespace

class tst_Translations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { quarry::test::failOnQtWarnings(); }
    void cleanup() { QVERIFY(quarry::installTranslations(u"en"_s)); }

    void catalogIsComplete_data();
    void catalogIsComplete();
    void catalogIsUpToDate_data();
    void catalogIsUpToDate();
    void pluralForms_data();
    void pluralForms();
    void chooseLanguage();
    void qtDialogsInRussian();
    void mainWindowInRussian();
    void sentencesReachTheCatalog_data();
    void sentencesReachTheCatalog();
};

void tst_Translations::catalogIsComplete_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<int>("pluralForms");
    QTest::newRow("ru") << u"ru"_s << 3; // 1 пост, 2 поста, 5 постов
    QTest::newRow("en") << u"en"_s << 2; // 1 post, 2 posts
}

void tst_Translations::catalogIsComplete()
{
    QFETCH(QString, language);
    QFETCH(int, pluralForms);
    QString error;
    const QList<Message> messages = readCatalog(catalogPath(language), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!messages.isEmpty());

    QStringList problems;
    for (const Message &message : messages) {
        if (!message.type.isEmpty()) {
            problems.append(message.type + u": "_s + message.name());
            continue;
        }
        // English holds the plural forms only: everything else is the source text itself.
        if (language == u"en"_s && !message.numerus)
            problems.append(u"not a plural: "_s + message.name());
        if (message.numerus && message.forms.size() != pluralForms)
            problems.append(
                    u"%1 plural forms instead of %2: "_s.arg(message.forms.size()).arg(pluralForms)
                    + message.name());
        for (const QString &form : message.forms) {
            if (form.isEmpty()) {
                problems.append(u"empty: "_s + message.name());
                continue;
            }
            if (placeholders(form) != placeholders(message.source))
                problems.append(u"placeholders %1 instead of %2: "_s.arg(
                                        placeholders(form).join(u' '),
                                        placeholders(message.source).join(u' '))
                                + message.name());
            if (accelerators(form) != accelerators(message.source))
                problems.append(u"accelerators differ: "_s + message.name() + u" → "_s + form);
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void tst_Translations::catalogIsUpToDate_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QStringList>("options");
    QTest::newRow("ru") << u"ru"_s << QStringList();
    QTest::newRow("en") << u"en"_s << QStringList {u"-pluralonly"_s};
}

void tst_Translations::catalogIsUpToDate()
{
    QFETCH(QString, language);
    QFETCH(QStringList, options);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString copy = dir.filePath(u"quarry_"_s + language + u".ts"_s);
    QVERIFY(QFile::copy(catalogPath(language), copy));
    const QString failure = runLupdate(copy, options);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));

    QString error;
    const QList<Message> messages = readCatalog(copy, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // New in the sources: unfinished. Gone from the sources: vanished (or obsolete).
    QStringList stale;
    for (const Message &message : messages)
        if (!message.type.isEmpty())
            stale.append(message.type + u": "_s + message.name());
    QVERIFY2(stale.isEmpty(),
             qPrintable(u"quarry_%1.ts is behind the sources; run `cmake --build <build dir> "
                        "--target update_translations` and translate:\n"_s.arg(language)
                        + stale.join(u'\n')));
}

void tst_Translations::pluralForms_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("n");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char *language, const char *context, const char *source, int n,
                        const QString &expected) {
        QTest::addRow("%s %s %d", language, source, n)
                << QString::fromUtf8(language) << QString::fromUtf8(context)
                << QString::fromUtf8(source) << n << expected;
    };
    const char *mainWindow = "quarry::MainWindow";
    row("ru", mainWindow, "%n user(s)", 1, u"1 пользователь"_s);
    row("ru", mainWindow, "%n user(s)", 2, u"2 пользователя"_s);
    row("ru", mainWindow, "%n user(s)", 5, u"5 пользователей"_s);
    row("ru", mainWindow, "%n user(s)", 11, u"11 пользователей"_s);
    row("ru", mainWindow, "%n user(s)", 21, u"21 пользователь"_s);
    row("ru", mainWindow, "%n user(s)", 22, u"22 пользователя"_s);
    row("ru", mainWindow, "%n user(s)", 0, u"0 пользователей"_s);
    // After "удаление" the count takes the genitive: "удаление 2 постов".
    row("ru", mainWindow, "Delete %n post(s)", 1, u"удаление 1 поста"_s);
    row("ru", mainWindow, "Delete %n post(s)", 2, u"удаление 2 постов"_s);
    row("ru", mainWindow, "Delete %n post(s)", 5, u"удаление 5 постов"_s);
    row("ru", mainWindow, "Delete %n post(s)", 21, u"удаление 21 поста"_s);
    const char *posts = "They have %n post(s). Delete the posts too, or keep them unassigned?";
    const QString postsQuestion = u" Удалить посты тоже или оставить их без автора?"_s;
    row("ru", mainWindow, posts, 1, u"Есть 1 связанный пост."_s + postsQuestion);
    row("ru", mainWindow, posts, 2, u"Есть 2 связанных поста."_s + postsQuestion);
    row("ru", mainWindow, posts, 5, u"Есть 5 связанных постов."_s + postsQuestion);
    row("ru", mainWindow, posts, 21, u"Есть 21 связанный пост."_s + postsQuestion);
    row("ru", "quarry::SqlLogDock", "%n statement(s)", 3, u"3 запроса"_s);
    row("ru", "UserValidation", "The name is longer than %n characters.", 200,
        u"Имя длиннее 200 символов."_s);
    row("ru", "UserValidation", "The name is longer than %n characters.", 201,
        u"Имя длиннее 201 символа."_s);
    row("en", mainWindow, "%n user(s)", 1, u"1 user"_s);
    row("en", mainWindow, "%n user(s)", 2, u"2 users"_s);
    row("en", mainWindow, "%n user(s)", 21, u"21 users"_s);
    row("en", mainWindow, "Delete %n post(s)", 1, u"Delete 1 post"_s);
    row("en", mainWindow, posts, 1,
        u"They have 1 post. Delete the post too, or keep it unassigned?"_s);
    row("en", "quarry::SqlLogDock", "%1 of %n statement(s)", 1, u"%1 of 1 statement"_s);
}

void tst_Translations::pluralForms()
{
    QFETCH(QString, language);
    QFETCH(QString, context);
    QFETCH(QString, source);
    QFETCH(int, n);
    QFETCH(QString, expected);
    QVERIFY(quarry::installTranslations(language));
    QCOMPARE(QCoreApplication::translate(context.toUtf8().constData(), source.toUtf8().constData(),
                                         nullptr, n),
             expected);
}

void tst_Translations::chooseLanguage()
{
    const auto users = [] {
        return QCoreApplication::translate("quarry::MainWindow", "%n user(s)", nullptr, 2);
    };
    QVERIFY(quarry::installTranslations(u"ru"_s));
    QCOMPARE(users(), u"2 пользователя"_s);
    QCOMPARE(QLocale().language(), QLocale::Russian);
    // A language Quarry has no translation for changes nothing.
    QVERIFY(!quarry::installTranslations(u"de"_s));
    QVERIFY(!quarry::installTranslations(u"no-such-language"_s));
    QCOMPARE(users(), u"2 пользователя"_s);
    // A locale name finds its language.
    QVERIFY(quarry::installTranslations(u"en_GB"_s));
    QCOMPARE(users(), u"2 users"_s);
    QVERIFY(quarry::installTranslations(u"ru_RU"_s));
    QCOMPARE(users(), u"2 пользователя"_s);
    // The system's languages, English when Quarry has none of them: never a failure.
    QVERIFY(quarry::installTranslations(QString()));
    QCOMPARE(QLocale(), QLocale::system());
}

void tst_Translations::qtDialogsInRussian()
{
    const QString qtCatalog
            = QLibraryInfo::path(QLibraryInfo::TranslationsPath) + u"/qtbase_ru.qm"_s;
    QVERIFY2(QFile::exists(qtCatalog),
             qPrintable(qtCatalog + u" is missing: install qt6-translations-l10n"_s));
    QVERIFY(quarry::installTranslations(u"ru"_s));
    QDialogButtonBox buttons(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    QCOMPARE(buttons.button(QDialogButtonBox::Cancel)->text(), u"Отмена"_s);
}

void tst_Translations::mainWindowInRussian()
{
    QVERIFY(quarry::installTranslations(u"ru"_s));
    MissRecorder recorder;
    QVERIFY(recorder.loaded());
    QCoreApplication::installTranslator(&recorder);
    const auto removeRecorder = qScopeGuard([&] { QCoreApplication::removeTranslator(&recorder); });

    MainWindow window(sqliteWithUsers());
    window.show();
    QTRY_COMPARE(window.statusText(), u"3 пользователя"_s);

    const QList<QAction *> menus = window.menuBar()->actions();
    QVERIFY(!menus.isEmpty());
    QCOMPARE(menus.first()->text(), u"&Файл"_s);
    auto *toolBar = window.findChild<QToolBar *>(u"mainToolBar"_s);
    QVERIFY(toolBar);
    QCOMPARE(toolBar->windowTitle(), u"Основная панель"_s);
    QCOMPARE(toolBar->actions().first()->text(), u"&Открыть файл SQLite…"_s);
    QCOMPARE(window.usersModel()
                     ->headerData(quarry::UsersTableModel::NameColumn, Qt::Horizontal)
                     .toString(),
             u"Имя"_s);

    // Alt+letter picks one item of a menu (and one menu of the bar): no two may share a letter.
    QStringList clashes;
    const auto checkAccelerators = [&](const QString &where, const QList<QAction *> &actions) {
        QHash<QKeySequence, QString> taken;
        for (QAction *action : actions) {
            const QKeySequence key = QKeySequence::mnemonic(action->text());
            if (action->isSeparator() || key.isEmpty())
                continue;
            if (taken.contains(key))
                clashes.append(where + u": "_s + taken.value(key) + u" / "_s + action->text());
            taken.insert(key, action->text());
        }
    };
    checkAccelerators(u"menu bar"_s, menus);
    std::function<void(QMenu *)> checkMenu = [&](QMenu *menu) {
        checkAccelerators(menu->title(), menu->actions());
        for (QAction *action : menu->actions())
            if (action->menu())
                checkMenu(action->menu());
    };
    for (QAction *action : menus)
        checkMenu(action->menu());
    QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(u'\n')));

    const QStringList missed = recorder.takeMissed();
    QVERIFY2(missed.isEmpty(), qPrintable(u"not in quarry_ru.qm:\n"_s + missed.join(u'\n')));
}

void tst_Translations::sentencesReachTheCatalog_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("expected");
    QTest::newRow("form validation") << u"validation"_s << u"Введите имя."_s;
    QTest::newRow("post title") << u"title"_s << u"Введите заголовок."_s;
    QTest::newRow("import row") << u"import row"_s << u"строка 7, столбец age: плохо"_s;
    QTest::newRow("CSV syntax") << u"csv syntax"_s
                                << u"строка 2: значение в кавычках не закрыто (не хватает \")"_s;
    QTest::newRow("CSV header") << u"csv header"_s
                                << u"строка 1, столбец nome: неизвестный столбец (допустимы "
                                   "name, age и необязательные id и posts)"_s;
    QTest::newRow("CSV empty")
            << u"csv empty"_s
            << u"файл пуст; его первая строка должна называть столбцы (name, age и "
               "необязательные id и posts)"_s;
    QTest::newRow("database error") << u"database error"_s
                                    << u"База данных не ответила вовремя. Повторите попытку "
                                       "чуть позже."_s;
}

void tst_Translations::sentencesReachTheCatalog()
{
    QFETCH(QString, what);
    QFETCH(QString, expected);
    QVERIFY(quarry::installTranslations(u"ru"_s));
    MissRecorder recorder;
    QVERIFY(recorder.loaded());
    QCoreApplication::installTranslator(&recorder);
    const auto removeRecorder = qScopeGuard([&] { QCoreApplication::removeTranslator(&recorder); });

    QString actual;
    if (what == u"validation"_s) {
        actual = quarry::UserValidation::check(QString(), QString()).nameError;
    } else if (what == u"title"_s) {
        quarry::PostsTableModel::checkTitle(u" "_s, &actual);
    } else if (what == u"import row"_s) {
        actual = quarry::ImportError(7, u"age"_s, u"плохо"_s).message();
    } else if (what == u"csv syntax"_s) {
        actual = importFailure("name,age\n\"Ada,36\n");
    } else if (what == u"csv header"_s) {
        actual = importFailure("nome,age\nAda,36\n");
    } else if (what == u"csv empty"_s) {
        actual = importFailure("");
    } else if (what == u"database error"_s) {
        actual = quarry::describeError(orm::TimeoutError(u"no lane became free"_s));
    }

    QCOMPARE(actual, expected);
    const QStringList missed = recorder.takeMissed();
    QVERIFY2(missed.isEmpty(), qPrintable(u"not in quarry_ru.qm:\n"_s + missed.join(u'\n')));
}

QTEST_MAIN(tst_Translations)
#include "tst_translations.moc"
