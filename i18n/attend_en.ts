<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ChatWindow</name>
    <message numerus="yes">
        <source>Chats (%n unread)</source>
        <translation>
            <numerusform>Chats (%n unread)</numerusform>
            <numerusform>Chats (%n unread)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConversationModel</name>
    <message numerus="yes">
        <source>%1, %n unread: %2</source>
        <translation>
            <numerusform>%1, %n unread: %2</numerusform>
            <numerusform>%1, %n unread: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Desktop</name>
    <message numerus="yes">
        <source>%n unread message(s)</source>
        <translation>
            <numerusform>%n unread message</numerusform>
            <numerusform>%n unread messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>reconnecting in %n s</source>
        <translation>
            <numerusform>reconnecting in %n second</numerusform>
            <numerusform>reconnecting in %n seconds</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Roster</name>
    <message numerus="yes">
        <source>%n unread message(s)</source>
        <comment>contact row: messages not read yet</comment>
        <translation>
            <numerusform>%n unread message</numerusform>
            <numerusform>%n unread messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <comment>duration</comment>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <comment>duration</comment>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days</source>
        <comment>duration, always 2 or more</comment>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>idle %n min</source>
        <comment>row marker</comment>
        <translation>
            <numerusform>idle %n min</numerusform>
            <numerusform>idle %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>idle %n h</source>
        <comment>row marker</comment>
        <translation>
            <numerusform>idle %n h</numerusform>
            <numerusform>idle %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>idle %n days</source>
        <comment>row marker, n &gt;= 2</comment>
        <translation>
            <numerusform>idle %n day</numerusform>
            <numerusform>idle %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last seen %n min ago</source>
        <comment>row marker</comment>
        <translation>
            <numerusform>last seen %n min ago</numerusform>
            <numerusform>last seen %n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last seen %n h ago</source>
        <comment>row marker</comment>
        <translation>
            <numerusform>last seen %n h ago</numerusform>
            <numerusform>last seen %n h ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last seen %n days ago</source>
        <comment>row marker, n &gt;= 2</comment>
        <translation>
            <numerusform>last seen %n day ago</numerusform>
            <numerusform>last seen %n days ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n online</source>
        <comment>%1 online contacts</comment>
        <translation>
            <numerusform>%1 of %n online</numerusform>
            <numerusform>%1 of %n online</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message numerus="yes">
        <source>The newest %n messages found; scroll for more.</source>
        <translation>
            <numerusform>The newest message found; scroll for more.</numerusform>
            <numerusform>The newest %n messages found; scroll for more.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) found.</source>
        <translation>
            <numerusform>%n message found.</numerusform>
            <numerusform>%n messages found.</numerusform>
        </translation>
    </message>
</context>
</TS>
