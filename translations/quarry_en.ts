<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>UserValidation</name>
    <message numerus="yes">
        <location filename="../ui/UserValidation.cpp" line="17"/>
        <source>The name is longer than %n characters.</source>
        <translation>
            <numerusform>The name is longer than %n character.</numerusform>
            <numerusform>The name is longer than %n characters.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>quarry::Cli</name>
    <message numerus="yes">
        <location filename="../app/Cli.cpp" line="466"/>
        <source>Added %n sample user(s) with their posts to %1
</source>
        <translation>
            <numerusform>Added %n sample user with their posts to %1
</numerusform>
            <numerusform>Added %n sample users with their posts to %1
</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/Cli.cpp" line="489"/>
        <source>Exported %n user(s) to %1
</source>
        <translation>
            <numerusform>Exported %n user to %1
</numerusform>
            <numerusform>Exported %n users to %1
</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/Cli.cpp" line="532"/>
        <source>Imported %n user(s) into %1
</source>
        <translation>
            <numerusform>Imported %n user into %1
</numerusform>
            <numerusform>Imported %n users into %1
</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>quarry::MainWindow</name>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="644"/>
        <source>%n user(s)</source>
        <translation>
            <numerusform>%n user</numerusform>
            <numerusform>%n users</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="838"/>
        <source>%n user(s)</source>
        <comment>the users a deletion is about</comment>
        <translation>
            <numerusform>%n user</numerusform>
            <numerusform>%n users</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="849"/>
        <source>They have %n post(s). Delete the posts too, or keep them unassigned?</source>
        <translation>
            <numerusform>They have %n post. Delete the post too, or keep it unassigned?</numerusform>
            <numerusform>They have %n posts. Delete the posts too, or keep them unassigned?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="951"/>
        <source>Delete %n post(s)</source>
        <translation>
            <numerusform>Delete %n post</numerusform>
            <numerusform>Delete %n posts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="982"/>
        <source>Move %n post(s)</source>
        <translation>
            <numerusform>Move %n post</numerusform>
            <numerusform>Move %n posts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="1104"/>
        <source>Exported %n user(s) to %1.</source>
        <translation>
            <numerusform>Exported %n user to %1.</numerusform>
            <numerusform>Exported %n users to %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="1131"/>
        <source>Imported %n user(s).</source>
        <translation>
            <numerusform>Imported %n user.</numerusform>
            <numerusform>Imported %n users.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="1147"/>
        <source>Added %n sample user(s).</source>
        <translation>
            <numerusform>Added %n sample user.</numerusform>
            <numerusform>Added %n sample users.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>quarry::PostsTableModel</name>
    <message numerus="yes">
        <location filename="../ui/PostsTableModel.cpp" line="103"/>
        <source>The title is longer than %n characters.</source>
        <translation>
            <numerusform>The title is longer than %n character.</numerusform>
            <numerusform>The title is longer than %n characters.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>quarry::SqlLogDock</name>
    <message numerus="yes">
        <location filename="../ui/SqlLogDock.cpp" line="194"/>
        <source>%n statement(s)</source>
        <translation>
            <numerusform>%n statement</numerusform>
            <numerusform>%n statements</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/SqlLogDock.cpp" line="195"/>
        <source>%1 of %n statement(s)</source>
        <translation>
            <numerusform>%1 of %n statement</numerusform>
            <numerusform>%1 of %n statements</numerusform>
        </translation>
    </message>
</context>
</TS>
