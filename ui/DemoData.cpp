#include "DemoData.h"

#include "BulkInsert.h"
#include "Models.h"
#include "Schema.h"
#include "SessionJob.h"

#include <QRandomGenerator>

#include <array>
#include <limits>

using namespace Qt::StringLiterals;

namespace quarry {

namespace {

// Users per flush: large enough for few round trips, small enough that a chunk's objects (with
// their posts, about a few megabytes) are all the memory the generator ever holds.
constexpr qint64 chunkSize = 10'000;
constexpr int maxPostsPerUser = 5;

// Plain arrays of string literals: QStringView needs no allocation until a name is made.
constexpr std::array englishFirstNames = {
        u"Ada",     u"Alan",  u"Alice",  u"Amelia", u"Arthur", u"Charlotte", u"Daniel",  u"Edward",
        u"Eleanor", u"Emily", u"Emma",   u"George", u"Grace",  u"Harry",     u"Isabel",  u"Jack",
        u"James",   u"Jane",  u"John",   u"Joseph", u"Lucy",   u"Margaret",  u"Mary",    u"Oliver",
        u"Olivia",  u"Peter", u"Robert", u"Sarah",  u"Sophie", u"Thomas",    u"William", u"Zoe"};
constexpr std::array englishLastNames
        = {u"Baker",  u"Brown",  u"Clarke",   u"Cooper",  u"Davies",  u"Evans",   u"Green",
           u"Hall",   u"Harris", u"Hughes",   u"Jackson", u"Johnson", u"Jones",   u"King",
           u"Lewis",  u"Martin", u"Moore",    u"Morris",  u"Parker",  u"Roberts", u"Robinson",
           u"Smith",  u"Taylor", u"Thompson", u"Turner",  u"Walker",  u"White",   u"Williams",
           u"Wilson", u"Wood",   u"Wright",   u"Young"};
// Russian surnames change with gender: the female form adds "а" to these.
constexpr std::array russianMaleFirstNames
        = {u"Александр", u"Алексей",  u"Андрей",   u"Борис",   u"Вадим",   u"Василий",
           u"Виктор",    u"Владимир", u"Григорий", u"Дмитрий", u"Евгений", u"Иван",
           u"Игорь",     u"Кирилл",   u"Максим",   u"Михаил",  u"Николай", u"Олег",
           u"Павел",     u"Пётр",     u"Роман",    u"Сергей",  u"Фёдор",   u"Юрий"};
constexpr std::array russianFemaleFirstNames
        = {u"Алёна",   u"Анастасия", u"Анна",  u"Валентина", u"Вера",   u"Дарья",
           u"Евгения", u"Екатерина", u"Елена", u"Ирина",     u"Ксения", u"Любовь",
           u"Мария",   u"Наталья",   u"Нина",  u"Ольга",     u"Полина", u"Светлана",
           u"София",   u"Татьяна",   u"Юлия",  u"Смитти"};
constexpr std::array russianLastNames
        = {u"Иванов",   u"Смирнов",  u"Кузнецов", u"Попов",   u"Васильев", u"Петров",
           u"Соколов",  u"Михайлов", u"Новиков",  u"Фёдоров", u"Морозов",  u"Волков",
           u"Алексеев", u"Лебедев",  u"Семёнов",  u"Егоров",  u"Павлов",   u"Козлов",
           u"Степанов", u"Николаев", u"Орлов",    u"Андреев", u"Макаров",  u"Никитин"};

constexpr std::array englishTopics
        = {u"gardening", u"chess",  u"the weekend", u"sourdough",    u"my first marathon",
           u"Qt",        u"SQLite", u"old maps",    u"birdwatching", u"jazz records",
           u"the lake",  u"tea",    u"bicycles",    u"a rainy day",  u"winter"};
constexpr std::array englishTitles = {u"Notes on %1", u"Thoughts about %1", u"%1, again",
                                      u"Why I like %1", u"A short story about %1"};
// With their preposition, which is "об" before a vowel.
constexpr std::array russianTopics
        = {u"о даче",   u"о шахматах", u"о выходных",      u"о рыбалке", u"о грибах",
           u"о Qt",     u"о SQLite",   u"о старых картах", u"о походе",  u"о джазе",
           u"об озере", u"о чае",      u"о велосипеде",    u"о дожде",   u"о зиме"};
constexpr std::array russianTitles
        = {u"Заметки %1", u"Мысли %1", u"Снова %1", u"Немного %1", u"Рассказ %1"};

template<typename Array> QString pick(QRandomGenerator &random, const Array &choices)
{
    return QStringView(choices[random.bounded(quint32(choices.size()))]).toString();
}

// A sample user and the titles of their posts.
struct Sample
{
    User user;
    QStringList titles;
};

Sample makeSample(QRandomGenerator &random)
{
    Sample sample;
    User &user = sample.user;
    const bool russian = random.bounded(2) == 1;
    if (russian) {
        const bool female = random.bounded(2) == 1;
        const QString first = female ? pick(random, russianFemaleFirstNames)
                                     : pick(random, russianMaleFirstNames);
        const QString last = pick(random, russianLastNames);
        user.name = first + u' ' + last + (female ? u"а"_s : QString());
    } else {
        user.name = pick(random, englishFirstNames) + u' ' + pick(random, englishLastNames);
    }
    // About one in ten did not say how old they are.
    if (random.bounded(10) != 0)
        user.age = 18 + int(random.bounded(90 - 18 + 1));
    const int posts = int(random.bounded(maxPostsPerUser + 1));
    for (int i = 0; i < posts; ++i)
        sample.titles.append(
                russian ? pick(random, russianTitles).arg(pick(random, russianTopics))
                        : pick(random, englishTitles).arg(pick(random, englishTopics)));
    return sample;
}

} // namespace

QFuture<qint64> generateDemoData(std::shared_ptr<orm::AsyncEngine> engine, qint64 users,
                                 quint32 seed)
{
    return detail::runSessionJob(
            std::move(engine), [users, seed](orm::Session &s, QFutureInterface<qint64> &promise) {
                promise.setProgressRange(
                        0, int(std::min<qint64>(users, std::numeric_limits<int>::max())));
                // The schema (tables and indexes) outside the data's transaction: `quarry init`
                // makes it even when no sample data is asked for.
                prepareSchema(s.connection());
                QRandomGenerator random(seed);
                qint64 added = 0;
                while (added < users) {
                    detail::throwIfCanceled(promise);
                    const qint64 count = std::min(chunkSize, users - added);
                    QList<User> chunk;
                    QList<QStringList> titles;
                    chunk.reserve(count);
                    titles.reserve(count);
                    for (qint64 i = 0; i < count; ++i) {
                        Sample sample = makeSample(random);
                        chunk.append(std::move(sample.user));
                        titles.append(std::move(sample.titles));
                    }
                    detail::addUsersWithPosts(s, std::move(chunk), titles);
                    added += count;
                    promise.setProgressValue(
                            int(std::min<qint64>(added, std::numeric_limits<int>::max())));
                }
                detail::finishJob(promise, added, [&s] { s.commit(); });
            });
}

} // namespace quarry
