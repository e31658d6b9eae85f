<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru">
<context>
    <name>UserValidation</name>
    <message>
        <location filename="../ui/UserValidation.cpp" line="15"/>
        <source>Enter a name.</source>
        <translation>Введите имя.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/UserValidation.cpp" line="17"/>
        <source>The name is longer than %n characters.</source>
        <translation>
            <numerusform>Имя длиннее %n символа.</numerusform>
            <numerusform>Имя длиннее %n символов.</numerusform>
            <numerusform>Имя длиннее %n символов.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/UserValidation.cpp" line="21"/>
        <source>The name contains a NUL character.</source>
        <translation>Имя содержит символ NUL.</translation>
    </message>
    <message>
        <location filename="../ui/UserValidation.cpp" line="33"/>
        <source>The age must be a whole number, like 42.</source>
        <translation>Возраст должен быть целым числом, например 42.</translation>
    </message>
    <message>
        <location filename="../ui/UserValidation.cpp" line="36"/>
        <source>The age must be between %1 and %2.</source>
        <translation>Возраст должен быть от %1 до %2.</translation>
    </message>
</context>
<context>
    <name>quarry::AgeDelegate</name>
    <message>
        <location filename="../ui/AgeDelegate.cpp" line="19"/>
        <source>empty</source>
        <translation>пусто</translation>
    </message>
    <message>
        <location filename="../ui/AgeDelegate.cpp" line="20"/>
        <source>Age</source>
        <translation>Возраст</translation>
    </message>
    <message>
        <location filename="../ui/AgeDelegate.cpp" line="21"/>
        <source>A whole number from %1 to %2; the lowest value is empty.</source>
        <translation>Целое число от %1 до %2; наименьшее значение означает «пусто».</translation>
    </message>
</context>
<context>
    <name>quarry::Cli</name>
    <message>
        <location filename="../app/Cli.cpp" line="133"/>
        <source>interrupted</source>
        <translation>прервано</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="182"/>
        <source>--read-only makes no sense for an in-memory database</source>
        <translation>--read-only не имеет смысла для базы данных в памяти</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="190"/>
        <source>--read-only cannot be combined with the URL&apos;s own %1 option</source>
        <translation>--read-only нельзя сочетать с параметром %1 в самом URL</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="247"/>
        <source>Browse and edit users and their posts.

Commands, which need no display (quarry COMMAND --help for more):
  init      create the tables, optionally with sample data
  export    write the users with their posts as JSON or CSV
  import    add users from a CSV file, all of them or none</source>
        <translation>Просмотр и правка пользователей и их постов.

Команды, которым не нужен дисплей (подробнее: quarry КОМАНДА --help):
  init      создать таблицы, при желании с демо-данными
  export    записать пользователей с их постами в JSON или CSV
  import    добавить пользователей из файла CSV: всех или ни одного</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="253"/>
        <source>An SQLite file or a database URL (default: quarry.db in your data folder).</source>
        <translation>Файл SQLite или URL базы данных (по умолчанию quarry.db в вашей папке данных).</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="259"/>
        <source>Creates the tables of a new or existing database (an existing database keeps its data), optionally adding sample users with posts.</source>
        <translation>Создаёт таблицы в новой или существующей базе данных (данные существующей базы сохраняются) и при желании добавляет демонстрационных пользователей с постами.</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="261"/>
        <location filename="../app/Cli.cpp" line="272"/>
        <location filename="../app/Cli.cpp" line="288"/>
        <source>The command.</source>
        <translation>Команда.</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="262"/>
        <location filename="../app/Cli.cpp" line="273"/>
        <location filename="../app/Cli.cpp" line="291"/>
        <source>An SQLite file or a database URL.</source>
        <translation>Файл SQLite или URL базы данных.</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="265"/>
        <source>Add &lt;n&gt; sample users, each with up to five posts.</source>
        <translation>Добавить &lt;n&gt; демонстрационных пользователей, у каждого до пяти постов.</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="269"/>
        <source>Writes every user with their posts, ordered by id. JSON is an array of {&quot;id&quot;, &quot;name&quot;, &quot;age&quot;, &quot;posts&quot;: [{&quot;id&quot;, &quot;title&quot;, &quot;user_id&quot;}]}; CSV has the columns id,name,age,posts (the post titles as a JSON array).</source>
        <translation>Записывает всех пользователей с их постами в порядке id. JSON — массив {&quot;id&quot;, &quot;name&quot;, &quot;age&quot;, &quot;posts&quot;: [{&quot;id&quot;, &quot;title&quot;, &quot;user_id&quot;}]}; в CSV столбцы id,name,age,posts (заголовки постов — массивом JSON).</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="276"/>
        <source>json or csv (default: from the output file&apos;s name, else json).</source>
        <translation>json или csv (по умолчанию — по имени выходного файла, иначе json).</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="279"/>
        <source>Write to &lt;file&gt;, which appears only when the whole export succeeded (default: standard output).</source>
        <translation>Записать в &lt;file&gt;; файл появится, только если весь экспорт прошёл успешно (по умолчанию — стандартный вывод).</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="285"/>
        <source>Adds the users of a CSV file in one transaction: all of them, or none when any row is wrong. The first row names the columns: name and age, optionally id and posts (the post titles as a JSON array).</source>
        <translation>Добавляет пользователей из файла CSV одной транзакцией: всех или ни одного, если хоть одна строка неверна. Первая строка называет столбцы: name и age, необязательные id и posts (заголовки постов — массивом JSON).</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="290"/>
        <source>The CSV file (UTF-8), or - for standard input.</source>
        <translation>Файл CSV (UTF-8) или - для стандартного ввода.</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="293"/>
        <source>csv, the only one (default).</source>
        <translation>csv, единственный (по умолчанию).</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="298"/>
        <source>Print every SQL statement to standard error.</source>
        <translation>Выводить каждый SQL-запрос в стандартный поток ошибок.</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="300"/>
        <source>Open the database read-only: nothing can be changed.</source>
        <translation>Открыть базу данных только для чтения: ничего нельзя будет изменить.</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="302"/>
        <source>Use the language &lt;code&gt; (en, ru) instead of the system&apos;s.</source>
        <translation>Использовать язык &lt;code&gt; (en, ru) вместо системного.</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="322"/>
        <source>see quarry --help</source>
        <translation>см. quarry --help</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="323"/>
        <source>see quarry %1 --help</source>
        <translation>см. quarry %1 --help</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="330"/>
        <source>unexpected argument &apos;%1&apos; (%2)</source>
        <translation>лишний аргумент «%1» (%2)</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="334"/>
        <source>%1 is missing (%2)</source>
        <translation>не указан %1 (%2)</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="341"/>
        <source>--lang needs a language code, such as ru</source>
        <translation>для --lang нужен код языка, например ru</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="345"/>
        <source>--read-only cannot be used with %1, which writes</source>
        <translation>--read-only нельзя использовать с %1: эта команда записывает данные</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="354"/>
        <source>--demo takes a number of users, not &apos;%1&apos;</source>
        <translation>--demo принимает число пользователей, а не «%1»</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="365"/>
        <source>unknown format &apos;%1&apos; (json or csv)</source>
        <translation>неизвестный формат «%1» (json или csv)</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="372"/>
        <source>unknown format &apos;%1&apos; (import reads csv)</source>
        <translation>неизвестный формат «%1» (import читает csv)</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="394"/>
        <source>there is no translation for the language &apos;%1&apos;</source>
        <translation>нет перевода на язык «%1»</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="410"/>
        <source>there is no database %1 (quarry init %1 creates one)</source>
        <translation>базы данных %1 нет (её создаст quarry init %1)</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="462"/>
        <source>Adding sample users…</source>
        <translation>Добавление демонстрационных пользователей…</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/Cli.cpp" line="466"/>
        <source>Added %n sample user(s) with their posts to %1
</source>
        <translation>
            <numerusform>Тестовых пользователей с постами добавлено в %1: %n
</numerusform>
            <numerusform>Тестовых пользователей с постами добавлено в %1: %n
</numerusform>
            <numerusform>Тестовых пользователей с постами добавлено в %1: %n
</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/Cli.cpp" line="489"/>
        <source>Exported %n user(s) to %1
</source>
        <translation>
            <numerusform>Пользователей экспортировано в %1: %n
</numerusform>
            <numerusform>Пользователей экспортировано в %1: %n
</numerusform>
            <numerusform>Пользователей экспортировано в %1: %n
</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/Cli.cpp" line="532"/>
        <source>Imported %n user(s) into %1
</source>
        <translation>
            <numerusform>Пользователей импортировано в %1: %n
</numerusform>
            <numerusform>Пользователей импортировано в %1: %n
</numerusform>
            <numerusform>Пользователей импортировано в %1: %n
</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="469"/>
        <source>The tables are ready in %1
</source>
        <translation>Таблицы в %1 готовы
</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="484"/>
        <source>Exporting…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="495"/>
        <location filename="../app/Cli.cpp" line="502"/>
        <source>cannot write to standard output: %1</source>
        <translation>не удаётся записать в стандартный вывод: %1</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="521"/>
        <source>cannot read standard input: %1</source>
        <translation>не удаётся прочитать стандартный ввод: %1</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="524"/>
        <location filename="../app/Cli.cpp" line="527"/>
        <source>Importing…</source>
        <translation>Импорт…</translation>
    </message>
    <message>
        <location filename="../app/Cli.cpp" line="525"/>
        <source>standard input</source>
        <translation>стандартный ввод</translation>
    </message>
</context>
<context>
    <name>quarry::CsvReader</name>
    <message>
        <location filename="../ui/Csv.cpp" line="96"/>
        <source>a quoted value is not closed (a &quot; is missing)</source>
        <translation>значение в кавычках не закрыто (не хватает &quot;)</translation>
    </message>
    <message>
        <location filename="../ui/Csv.cpp" line="104"/>
        <source>the file is not UTF-8 text (save it as &quot;CSV UTF-8&quot;)</source>
        <translation>файл не является текстом в UTF-8 (сохраните его как «CSV UTF-8»)</translation>
    </message>
    <message>
        <location filename="../ui/Csv.cpp" line="164"/>
        <source>text after the closing quote (a quote inside a quoted value is written twice: &quot;&quot;)</source>
        <translation>текст после закрывающей кавычки (кавычка внутри значения в кавычках записывается дважды: &quot;&quot;)</translation>
    </message>
</context>
<context>
    <name>quarry::DataTransfer</name>
    <message>
        <location filename="../ui/DataTransfer.cpp" line="171"/>
        <source>Cannot write the export: %1</source>
        <translation>Не удалось записать данные экспорта: %1</translation>
    </message>
    <message>
        <location filename="../ui/DataTransfer.cpp" line="263"/>
        <source>unknown column (the columns are name, age, and optionally id and posts)</source>
        <translation>неизвестный столбец (допустимы name, age и необязательные id и posts)</translation>
    </message>
    <message>
        <location filename="../ui/DataTransfer.cpp" line="266"/>
        <source>the column appears twice</source>
        <translation>столбец указан дважды</translation>
    </message>
    <message>
        <location filename="../ui/DataTransfer.cpp" line="272"/>
        <source>the first row must name the columns, and the column %1 is missing</source>
        <translation>первая строка должна называть столбцы, а столбца %1 в ней нет</translation>
    </message>
    <message>
        <location filename="../ui/DataTransfer.cpp" line="297"/>
        <source>%1 is not accepted. %2</source>
        <translation>Значение %1 не принято. %2</translation>
    </message>
    <message>
        <location filename="../ui/DataTransfer.cpp" line="314"/>
        <source>%1 is not an id (a whole number from 1 up)</source>
        <translation>%1 — не id (нужно целое число от 1)</translation>
    </message>
    <message>
        <location filename="../ui/DataTransfer.cpp" line="329"/>
        <source>%1 is not a list of post titles, such as [&quot;First post&quot;, &quot;Second post&quot;]</source>
        <translation>%1 — не список заголовков постов, например [&quot;Первый пост&quot;, &quot;Второй пост&quot;]</translation>
    </message>
    <message>
        <location filename="../ui/DataTransfer.cpp" line="354"/>
        <source>the file is empty; its first row must name the columns (name, age, and optionally id and posts)</source>
        <translation>файл пуст; его первая строка должна называть столбцы (name, age и необязательные id и posts)</translation>
    </message>
    <message>
        <location filename="../ui/DataTransfer.cpp" line="379"/>
        <source>%1 values, but the first row names %2 columns</source>
        <translation>значений: %1, а столбцов в первой строке: %2</translation>
    </message>
    <message>
        <location filename="../ui/DataTransfer.cpp" line="406"/>
        <source>the id %1 is also on row %2</source>
        <translation>id %1 встречается также в строке %2</translation>
    </message>
    <message>
        <location filename="../ui/DataTransfer.cpp" line="423"/>
        <source>a user with the id %1 is already in the database</source>
        <translation>пользователь с id %1 уже есть в базе данных</translation>
    </message>
    <message>
        <location filename="../ui/DataTransfer.cpp" line="481"/>
        <location filename="../ui/DataTransfer.cpp" line="485"/>
        <source>Cannot write %1: %2</source>
        <translation>Не удалось записать %1: %2</translation>
    </message>
    <message>
        <location filename="../ui/DataTransfer.cpp" line="506"/>
        <source>Cannot read %1: %2</source>
        <translation>Не удалось прочитать %1: %2</translation>
    </message>
</context>
<context>
    <name>quarry::ErrorText</name>
    <message>
        <location filename="../ui/ErrorText.cpp" line="54"/>
        <source>That value is already taken: another row has it.</source>
        <translation>Это значение уже занято: оно есть в другой строке.</translation>
    </message>
    <message>
        <location filename="../ui/ErrorText.cpp" line="56"/>
        <source>The change refers to a row that no longer exists.</source>
        <translation>Изменение ссылается на строку, которой больше нет.</translation>
    </message>
    <message>
        <location filename="../ui/ErrorText.cpp" line="58"/>
        <source>A required value is missing.</source>
        <translation>Не заполнено обязательное значение.</translation>
    </message>
    <message>
        <location filename="../ui/ErrorText.cpp" line="59"/>
        <source>The change breaks a rule of the database and was not saved.</source>
        <translation>Изменение нарушает правило базы данных и не сохранено.</translation>
    </message>
    <message>
        <location filename="../ui/ErrorText.cpp" line="62"/>
        <source>The database did not answer in time. Try again in a moment.</source>
        <translation>База данных не ответила вовремя. Повторите попытку чуть позже.</translation>
    </message>
    <message>
        <location filename="../ui/ErrorText.cpp" line="64"/>
        <source>The database address is not valid: %1</source>
        <translation>Неверный адрес базы данных: %1</translation>
    </message>
    <message>
        <location filename="../ui/ErrorText.cpp" line="66"/>
        <source>The database is busy: another program is writing to it. Try again in a moment.</source>
        <translation>База данных занята: в неё записывает другая программа. Повторите попытку чуть позже.</translation>
    </message>
    <message>
        <location filename="../ui/ErrorText.cpp" line="69"/>
        <source>The database file is damaged: Quarry cannot read it. It was left unchanged; a backup or &quot;sqlite3 FILE .recover&quot; may save its data.</source>
        <translation>Файл базы данных повреждён: Quarry не может его прочитать. Файл не изменён; данные может спасти резервная копия или «sqlite3 ФАЙЛ .recover».</translation>
    </message>
    <message>
        <location filename="../ui/ErrorText.cpp" line="72"/>
        <source>This file is not a database Quarry can open. It was left unchanged.</source>
        <translation>Этот файл не является базой данных, которую может открыть Quarry. Файл не изменён.</translation>
    </message>
    <message>
        <location filename="../ui/ErrorText.cpp" line="74"/>
        <source>The database is read-only: changes cannot be saved.</source>
        <translation>База данных доступна только для чтения: изменения сохранить нельзя.</translation>
    </message>
    <message>
        <location filename="../ui/ErrorText.cpp" line="76"/>
        <source>The disk is full: the change was not saved.</source>
        <translation>Диск заполнен: изменение не сохранено.</translation>
    </message>
    <message>
        <location filename="../ui/ErrorText.cpp" line="78"/>
        <source>The database file cannot be opened. Check that it exists and that you may read it.</source>
        <translation>Не удаётся открыть файл базы данных. Проверьте, что он существует и у вас есть право на его чтение.</translation>
    </message>
    <message>
        <location filename="../ui/ErrorText.cpp" line="82"/>
        <source>The server refused the user name or password.</source>
        <translation>Сервер отклонил имя пользователя или пароль.</translation>
    </message>
    <message>
        <location filename="../ui/ErrorText.cpp" line="84"/>
        <source>The connection to the database server was lost or refused. Nothing was saved; try again when the server is back.</source>
        <translation>Соединение с сервером базы данных потеряно или отклонено. Ничего не сохранено; повторите попытку, когда сервер снова станет доступен.</translation>
    </message>
    <message>
        <location filename="../ui/ErrorText.cpp" line="87"/>
        <source>The database does not have the tables Quarry expects.</source>
        <translation>В базе данных нет таблиц, которые нужны Quarry.</translation>
    </message>
    <message>
        <location filename="../ui/ErrorText.cpp" line="89"/>
        <source>The database reported an error: %1</source>
        <translation>База данных сообщила об ошибке: %1</translation>
    </message>
    <message>
        <location filename="../ui/ErrorText.cpp" line="91"/>
        <source>Something went wrong: %1</source>
        <translation>Что-то пошло не так: %1</translation>
    </message>
</context>
<context>
    <name>quarry::ImportError</name>
    <message>
        <location filename="../ui/ImportError.cpp" line="18"/>
        <source>row %1: %2</source>
        <translation>строка %1: %2</translation>
    </message>
    <message>
        <location filename="../ui/ImportError.cpp" line="20"/>
        <source>row %1, column %2: %3</source>
        <translation>строка %1, столбец %2: %3</translation>
    </message>
</context>
<context>
    <name>quarry::MainWindow</name>
    <message>
        <location filename="../ui/MainWindow.cpp" line="64"/>
        <source>any</source>
        <translation>любой</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="89"/>
        <source>user %1</source>
        <translation>пользователь №%1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="115"/>
        <source>Database</source>
        <translation>База данных</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="116"/>
        <source>Number of users</source>
        <translation>Число пользователей</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="117"/>
        <source>Activity</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="147"/>
        <source>Rename post</source>
        <translation>переименование поста</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="206"/>
        <location filename="../ui/MainWindow.cpp" line="345"/>
        <source>Find users by name</source>
        <translation>Поиск пользователей по имени</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="207"/>
        <source>Minimum age</source>
        <translation>Минимальный возраст</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="208"/>
        <source>Maximum age</source>
        <translation>Максимальный возраст</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="209"/>
        <source>Users</source>
        <translation>Пользователи</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="245"/>
        <source>A&amp;ge from</source>
        <translation>Возраст &amp;от</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="249"/>
        <source>t&amp;o</source>
        <translation>&amp;до</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="264"/>
        <source>&lt;b&gt;User&lt;/b&gt;</source>
        <translation>&lt;b&gt;Пользователь&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="266"/>
        <source>&amp;Save</source>
        <translation>&amp;Сохранить</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="268"/>
        <source>Writes the name and age to the database.</source>
        <translation>Записывает имя и возраст в базу данных.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="270"/>
        <source>Shows the saved values again.</source>
        <translation>Возвращает сохранённые значения.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="276"/>
        <location filename="../ui/MainWindow.cpp" line="721"/>
        <source>&lt;b&gt;Posts&lt;/b&gt; — select a user to see theirs</source>
        <translation>&lt;b&gt;Посты&lt;/b&gt; — выберите пользователя, чтобы увидеть его посты</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="278"/>
        <source>Posts</source>
        <translation>Посты</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="336"/>
        <source>&amp;New User…</source>
        <translation>&amp;Новый пользователь…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="337"/>
        <source>Add a user</source>
        <translation>Добавить пользователя</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="339"/>
        <source>&amp;Edit Cell</source>
        <translation>&amp;Изменить ячейку</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="340"/>
        <source>Edit the selected cell in place</source>
        <translation>Изменить выбранную ячейку прямо в таблице</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="342"/>
        <source>&amp;Delete Users…</source>
        <translation>&amp;Удалить пользователей…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="343"/>
        <source>Delete the selected users</source>
        <translation>Удалить выделенных пользователей</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="344"/>
        <source>&amp;Find…</source>
        <translation>Н&amp;айти…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="349"/>
        <location filename="../ui/MainWindow.cpp" line="670"/>
        <source>&amp;Undo</source>
        <translation>&amp;Отменить</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="350"/>
        <source>Undo the last change</source>
        <translation>Отменить последнее изменение</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="351"/>
        <location filename="../ui/MainWindow.cpp" line="672"/>
        <source>&amp;Redo</source>
        <translation>&amp;Повторить</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="353"/>
        <source>Do the undone change again</source>
        <translation>Повторить отменённое изменение</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="361"/>
        <source>Re&amp;fresh</source>
        <translation>&amp;Обновить</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="362"/>
        <source>Read the users and posts again</source>
        <translation>Заново прочитать пользователей и посты</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="366"/>
        <source>&amp;Add Post…</source>
        <translation>&amp;Добавить пост…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="368"/>
        <source>Add a post to the selected user</source>
        <translation>Добавить пост выбранному пользователю</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="369"/>
        <source>Delete &amp;Posts</source>
        <translation>Удалить по&amp;сты</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="371"/>
        <source>Delete the selected posts</source>
        <translation>Удалить выделенные посты</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="373"/>
        <source>&amp;Move Posts…</source>
        <translation>Пе&amp;реместить посты…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="375"/>
        <source>Give the selected posts to another user</source>
        <translation>Передать выделенные посты другому пользователю</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="377"/>
        <source>&amp;Unassigned Posts</source>
        <translation>Посты &amp;без автора</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="378"/>
        <source>Show the posts that belong to no one</source>
        <translation>Показать посты, которые никому не принадлежат</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="382"/>
        <source>&amp;New Database…</source>
        <translation>&amp;Новая база данных…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="384"/>
        <source>Create an empty SQLite database</source>
        <translation>Создать пустую базу данных SQLite</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="385"/>
        <source>&amp;Open SQLite File…</source>
        <translation>&amp;Открыть файл SQLite…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="386"/>
        <source>Open an SQLite database file</source>
        <translation>Открыть файл базы данных SQLite</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="389"/>
        <source>Open a PostgreSQL database by its URL</source>
        <translation>Открыть базу данных PostgreSQL по её URL</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="390"/>
        <source>Export as &amp;JSON…</source>
        <translation>Экспорт в &amp;JSON…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="392"/>
        <source>Write every user with their posts to a JSON file</source>
        <translation>Записать всех пользователей с их постами в файл JSON</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="394"/>
        <source>Export as &amp;CSV…</source>
        <translation>Экспорт в &amp;CSV…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="396"/>
        <source>Write every user with their posts to a CSV file</source>
        <translation>Записать всех пользователей с их постами в файл CSV</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="399"/>
        <source>&amp;Import Users from CSV…</source>
        <translation>&amp;Импорт пользователей из CSV…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="401"/>
        <source>Add the users of a CSV file, all or none</source>
        <translation>Добавить пользователей из файла CSV: всех или ни одного</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="402"/>
        <source>Add &amp;Sample Data…</source>
        <translation>Добавить &amp;демо-данные…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="404"/>
        <source>Add made-up users with posts, to try Quarry out</source>
        <translation>Добавить вымышленных пользователей с постами, чтобы опробовать Quarry</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="406"/>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="407"/>
        <source>Close Quarry</source>
        <translation>Закрыть Quarry</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="413"/>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="415"/>
        <source>Open &amp;Recent</source>
        <translation>Открыть н&amp;едавние</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="422"/>
        <source>&amp;Edit</source>
        <translation>&amp;Правка</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="431"/>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="439"/>
        <source>&amp;Theme</source>
        <translation>&amp;Тема</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="441"/>
        <location filename="../ui/MainWindow.cpp" line="452"/>
        <source>Follow the &amp;System</source>
        <translation>&amp;Как в системе</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="442"/>
        <source>&amp;Light</source>
        <translation>&amp;Светлая</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="443"/>
        <source>&amp;Dark</source>
        <translation>&amp;Тёмная</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="203"/>
        <source>Find users by name (%1)</source>
        <translation>Поиск пользователей по имени (%1)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="269"/>
        <source>Rever&amp;t</source>
        <translation>Вер&amp;нуть</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="354"/>
        <source>Re&amp;try the Change</source>
        <translation>&amp;Записать изменение снова</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="356"/>
        <source>Write the change that could not be saved again, as it was</source>
        <translation>Записать ещё раз, как было, изменение, которое не удалось сохранить</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="387"/>
        <source>Co&amp;nnect to Server…</source>
        <translation>Подкл&amp;ючиться к серверу…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="450"/>
        <source>Lan&amp;guage</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="462"/>
        <source>Main</source>
        <translation>Основная панель</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="561"/>
        <source>%1 — Quarry</source>
        <translation>%1 — Quarry</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="563"/>
        <source>In-memory database</source>
        <translation>База данных в памяти</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="572"/>
        <source>Opening…</source>
        <translation>Открытие…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="595"/>
        <source>Opened read-only: the file cannot be written.</source>
        <translation>Открыто только для чтения: запись в файл невозможна.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="636"/>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="638"/>
        <source>Loading users…</source>
        <translation>Загрузка пользователей…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="640"/>
        <source>Loading posts…</source>
        <translation>Загрузка постов…</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="644"/>
        <source>%n user(s)</source>
        <translation>
            <numerusform>%n пользователь</numerusform>
            <numerusform>%n пользователя</numerusform>
            <numerusform>%n пользователей</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="646"/>
        <source>Counting…</source>
        <translation>Подсчёт…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="648"/>
        <source>read-only</source>
        <translation>только чтение</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="669"/>
        <source>&amp;Undo %1</source>
        <translation>&amp;Отменить %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="671"/>
        <source>&amp;Redo %1</source>
        <translation>&amp;Повторить %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="717"/>
        <source>&lt;b&gt;Posts of %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;Посты: %1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="768"/>
        <source>The database is open read-only.</source>
        <translation>База данных открыта только для чтения.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="772"/>
        <source>Wait until the last change has been saved.</source>
        <translation>Дождитесь сохранения последнего изменения.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="788"/>
        <source>Add %1</source>
        <translation>добавление пользователя %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="795"/>
        <source>Added %1.</source>
        <translation>Добавлен пользователь %1.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="809"/>
        <source>Edit %1</source>
        <translation>изменение пользователя %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="838"/>
        <source>%n user(s)</source>
        <comment>the users a deletion is about</comment>
        <translation>
            <numerusform>%n пользователя</numerusform>
            <numerusform>%n пользователей</numerusform>
            <numerusform>%n пользователей</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="843"/>
        <source>Delete Users</source>
        <translation>Удаление пользователей</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="844"/>
        <source>Delete %1?</source>
        <translation>Удалить %1?</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="849"/>
        <source>They have %n post(s). Delete the posts too, or keep them unassigned?</source>
        <translation>
            <numerusform>Есть %n связанный пост. Удалить посты тоже или оставить их без автора?</numerusform>
            <numerusform>Есть %n связанных поста. Удалить посты тоже или оставить их без автора?</numerusform>
            <numerusform>Есть %n связанных постов. Удалить посты тоже или оставить их без автора?</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="851"/>
        <source>Delete Posts Too</source>
        <translation>Удалить и посты</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="853"/>
        <source>Keep Posts Unassigned</source>
        <translation>Оставить посты без автора</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="856"/>
        <source>You can undo this with Ctrl+Z.</source>
        <translation>Это можно отменить клавишами Ctrl+Z.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="857"/>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="880"/>
        <source>Delete %1</source>
        <translation>удаление (%1)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="887"/>
        <source>Deleted %1.</source>
        <translation>Удалено: %1.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="915"/>
        <source>Add post %1</source>
        <translation>добавление поста «%1»</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="951"/>
        <source>Delete %n post(s)</source>
        <translation>
            <numerusform>удаление %n поста</numerusform>
            <numerusform>удаление %n постов</numerusform>
            <numerusform>удаление %n постов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="982"/>
        <source>Move %n post(s)</source>
        <translation>
            <numerusform>перемещение %n поста</numerusform>
            <numerusform>перемещение %n постов</numerusform>
            <numerusform>перемещение %n постов</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="993"/>
        <source>&lt;b&gt;Unassigned posts&lt;/b&gt;</source>
        <translation>&lt;b&gt;Посты без автора&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1014"/>
        <source>%1 The undo history was cleared.</source>
        <translation>%1 История отмены очищена.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1028"/>
        <source>New User</source>
        <translation>Новый пользователь</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1050"/>
        <source>Add Post</source>
        <translation>Новый пост</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1050"/>
        <source>Title:</source>
        <translation>Заголовок:</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1078"/>
        <source>%1 cannot be replaced.</source>
        <translation>Не удаётся заменить %1.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1099"/>
        <source>Exporting…</source>
        <translation>Экспорт…</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="1104"/>
        <source>Exported %n user(s) to %1.</source>
        <translation>
            <numerusform>Экспортирован %n пользователь в %1.</numerusform>
            <numerusform>Экспортировано %n пользователя в %1.</numerusform>
            <numerusform>Экспортировано %n пользователей в %1.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1122"/>
        <source>Importing…</source>
        <translation>Импорт…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1125"/>
        <source>Nothing was imported: %1</source>
        <translation>Ничего не импортировано: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="1131"/>
        <source>Imported %n user(s).</source>
        <translation>
            <numerusform>Импортирован %n пользователь.</numerusform>
            <numerusform>Импортировано %n пользователя.</numerusform>
            <numerusform>Импортировано %n пользователей.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1142"/>
        <source>Adding sample data…</source>
        <translation>Добавление демо-данных…</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="1147"/>
        <source>Added %n sample user(s).</source>
        <translation>
            <numerusform>Добавлен %n демонстрационный пользователь.</numerusform>
            <numerusform>Добавлено %n демонстрационных пользователя.</numerusform>
            <numerusform>Добавлено %n демонстрационных пользователей.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1159"/>
        <source>Open SQLite Database</source>
        <translation>Открыть базу данных SQLite</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1160"/>
        <source>SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)</source>
        <translation>Базы данных SQLite (*.db *.sqlite *.sqlite3);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1168"/>
        <source>New SQLite Database</source>
        <translation>Новая база данных SQLite</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1168"/>
        <source>SQLite databases (*.db)</source>
        <translation>Базы данных SQLite (*.db)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1177"/>
        <source>Connect to Server</source>
        <translation>Подключение к серверу</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1178"/>
        <source>Database URL, like postgresql://user:password@host:5432/database</source>
        <translation>URL базы данных, например postgresql://user:password@host:5432/database</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1188"/>
        <source>Export as JSON</source>
        <translation>Экспорт в JSON</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1188"/>
        <source>Export as CSV</source>
        <translation>Экспорт в CSV</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1190"/>
        <source>JSON files (*.json)</source>
        <translation>Файлы JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1190"/>
        <source>CSV files (*.csv)</source>
        <translation>Файлы CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1197"/>
        <source>Import Users from CSV</source>
        <translation>Импорт пользователей из CSV</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1198"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Файлы CSV (*.csv);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1206"/>
        <source>Add Sample Data</source>
        <translation>Добавление демо-данных</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1207"/>
        <source>How many users (each with up to five posts)?</source>
        <translation>Сколько пользователей добавить (у каждого до пяти постов)?</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1222"/>
        <source>The language changes the next time Quarry starts.</source>
        <translation>Язык сменится при следующем запуске Quarry.</translation>
    </message>
</context>
<context>
    <name>quarry::PostsTableModel</name>
    <message>
        <location filename="../ui/PostsTableModel.cpp" line="86"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../ui/PostsTableModel.cpp" line="86"/>
        <source>Title</source>
        <translation>Заголовок</translation>
    </message>
    <message>
        <location filename="../ui/PostsTableModel.cpp" line="101"/>
        <source>Enter a title.</source>
        <translation>Введите заголовок.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/PostsTableModel.cpp" line="103"/>
        <source>The title is longer than %n characters.</source>
        <translation>
            <numerusform>Заголовок длиннее %n символа.</numerusform>
            <numerusform>Заголовок длиннее %n символов.</numerusform>
            <numerusform>Заголовок длиннее %n символов.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/PostsTableModel.cpp" line="105"/>
        <source>The title contains a NUL character.</source>
        <translation>Заголовок содержит символ NUL.</translation>
    </message>
</context>
<context>
    <name>quarry::SqlLogDock</name>
    <message numerus="yes">
        <location filename="../ui/SqlLogDock.cpp" line="194"/>
        <source>%n statement(s)</source>
        <translation>
            <numerusform>%n запрос</numerusform>
            <numerusform>%n запроса</numerusform>
            <numerusform>%n запросов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/SqlLogDock.cpp" line="195"/>
        <source>%1 of %n statement(s)</source>
        <translation>
            <numerusform>%1 из %n запроса</numerusform>
            <numerusform>%1 из %n запросов</numerusform>
            <numerusform>%1 из %n запросов</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/SqlLogDock.cpp" line="200"/>
        <source>SQL Log</source>
        <translation>Журнал SQL</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogDock.cpp" line="201"/>
        <source>SQL log</source>
        <translation>Журнал SQL</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogDock.cpp" line="203"/>
        <source>Every statement sent to the database, with its parameters, duration and rows</source>
        <translation>Все запросы к базе данных с параметрами, длительностью и числом строк</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogDock.cpp" line="204"/>
        <source>SQL &amp;Log</source>
        <translation>&amp;Журнал SQL</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogDock.cpp" line="205"/>
        <source>Show or hide the statements sent to the database</source>
        <translation>Показать или скрыть запросы к базе данных</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogDock.cpp" line="207"/>
        <source>Filter SQL and parameters</source>
        <translation>Фильтр по SQL и параметрам</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogDock.cpp" line="208"/>
        <source>Filter statements</source>
        <translation>Фильтр запросов</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogDock.cpp" line="209"/>
        <source>Shows only the statements whose SQL or parameters contain this text, ignoring case</source>
        <translation>Показывает только запросы, в SQL или параметрах которых есть этот текст (без учёта регистра)</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogDock.cpp" line="213"/>
        <source>Number of statements</source>
        <translation>Число запросов</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogDock.cpp" line="214"/>
        <source>How many statements are shown and logged</source>
        <translation>Сколько запросов показано и сколько записано в журнал</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogDock.cpp" line="216"/>
        <source>Statements</source>
        <translation>Запросы</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogDock.cpp" line="218"/>
        <source>One row per statement: time, SQL, parameters, duration in milliseconds, rows and error. Failed statements are shown in red.</source>
        <translation>По строке на запрос: время, SQL, параметры, длительность в миллисекундах, строки и ошибка. Неудачные запросы выделены красным.</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogDock.cpp" line="221"/>
        <source>&amp;Copy</source>
        <translation>&amp;Копировать</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogDock.cpp" line="223"/>
        <source>Copy the selected statements as text (%1)</source>
        <translation>Копировать выделенные запросы как текст (%1)</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogDock.cpp" line="225"/>
        <source>Copy statements</source>
        <translation>Копировать запросы</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogDock.cpp" line="227"/>
        <source>Copies the selected statements, one line each, with parameters, duration and rows</source>
        <translation>Копирует выделенные запросы, по строке на каждый, с параметрами, длительностью и числом строк</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogDock.cpp" line="230"/>
        <source>C&amp;lear</source>
        <translation>&amp;Очистить</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogDock.cpp" line="231"/>
        <source>Remove every statement from the log</source>
        <translation>Удалить все запросы из журнала</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogDock.cpp" line="232"/>
        <source>Clear log</source>
        <translation>Очистить журнал</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogDock.cpp" line="234"/>
        <source>Removes every statement from the log; the database is not changed</source>
        <translation>Удаляет все запросы из журнала; база данных не меняется</translation>
    </message>
</context>
<context>
    <name>quarry::SqlLogModel</name>
    <message>
        <location filename="../ui/SqlLogModel.cpp" line="69"/>
        <source>%1

Connection: %2</source>
        <translation>%1

Соединение: %2</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogModel.cpp" line="118"/>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogModel.cpp" line="120"/>
        <source>SQL</source>
        <translation>SQL</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogModel.cpp" line="122"/>
        <source>Parameters</source>
        <translation>Параметры</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogModel.cpp" line="124"/>
        <source>Duration (ms)</source>
        <translation>Длительность (мс)</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogModel.cpp" line="126"/>
        <source>Rows</source>
        <translation>Строки</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogModel.cpp" line="128"/>
        <source>Error</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogModel.cpp" line="134"/>
        <source>When the statement finished</source>
        <translation>Когда запрос завершился</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogModel.cpp" line="136"/>
        <source>How long the database took, in milliseconds</source>
        <translation>Сколько времени занял запрос в базе данных, в миллисекундах</translation>
    </message>
    <message>
        <location filename="../ui/SqlLogModel.cpp" line="138"/>
        <source>Rows returned by a query, or changed by an INSERT, UPDATE or DELETE</source>
        <translation>Строки, которые вернул запрос или изменили INSERT, UPDATE или DELETE</translation>
    </message>
</context>
<context>
    <name>quarry::UserForm</name>
    <message>
        <location filename="../ui/UserForm.cpp" line="34"/>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../ui/UserForm.cpp" line="35"/>
        <location filename="../ui/UserForm.cpp" line="76"/>
        <location filename="../ui/UserForm.cpp" line="90"/>
        <source>Required.</source>
        <translation>Обязательное поле.</translation>
    </message>
    <message>
        <location filename="../ui/UserForm.cpp" line="36"/>
        <source>Required</source>
        <translation>Обязательно</translation>
    </message>
    <message>
        <location filename="../ui/UserForm.cpp" line="39"/>
        <source>Age</source>
        <translation>Возраст</translation>
    </message>
    <message>
        <location filename="../ui/UserForm.cpp" line="40"/>
        <location filename="../ui/UserForm.cpp" line="78"/>
        <location filename="../ui/UserForm.cpp" line="92"/>
        <source>A whole number from %1 to %2, or empty.</source>
        <translation>Целое число от %1 до %2 или пусто.</translation>
    </message>
    <message>
        <location filename="../ui/UserForm.cpp" line="43"/>
        <source>Empty</source>
        <translation>Не указан</translation>
    </message>
    <message>
        <location filename="../ui/UserForm.cpp" line="50"/>
        <source>&amp;Name:</source>
        <translation>&amp;Имя:</translation>
    </message>
    <message>
        <location filename="../ui/UserForm.cpp" line="52"/>
        <source>&amp;Age:</source>
        <translation>Во&amp;зраст:</translation>
    </message>
</context>
<context>
    <name>quarry::UserPickerDialog</name>
    <message>
        <location filename="../ui/UserPickerDialog.cpp" line="20"/>
        <source>&amp;No one: leave the posts unassigned</source>
        <translation>&amp;Никому: оставить посты без автора</translation>
    </message>
    <message>
        <location filename="../ui/UserPickerDialog.cpp" line="23"/>
        <source>Move to User</source>
        <translation>Передать пользователю</translation>
    </message>
    <message>
        <location filename="../ui/UserPickerDialog.cpp" line="24"/>
        <source>Search by name</source>
        <translation>Поиск по имени</translation>
    </message>
    <message>
        <location filename="../ui/UserPickerDialog.cpp" line="26"/>
        <source>Search users</source>
        <translation>Поиск пользователей</translation>
    </message>
    <message>
        <location filename="../ui/UserPickerDialog.cpp" line="28"/>
        <source>Users to choose from</source>
        <translation>Пользователи для выбора</translation>
    </message>
    <message>
        <location filename="../ui/UserPickerDialog.cpp" line="35"/>
        <source>No one</source>
        <translation>Никому</translation>
    </message>
</context>
<context>
    <name>quarry::UsersTableModel</name>
    <message>
        <location filename="../ui/UsersTableModel.cpp" line="267"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../ui/UsersTableModel.cpp" line="269"/>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../ui/UsersTableModel.cpp" line="271"/>
        <source>Age</source>
        <translation>Возраст</translation>
    </message>
    <message>
        <location filename="../ui/UsersTableModel.cpp" line="273"/>
        <source>Posts</source>
        <translation>Посты</translation>
    </message>
</context>
</TS>
