<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>About</name>
    <message>
        <source>A desktop XMPP client that honestly shows who is at their keyboard.</source>
        <translation>Ein XMPP-Client für den Desktop, der ehrlich zeigt, wer gerade an der Tastatur sitzt.</translation>
    </message>
    <message>
        <source>Licence: GNU GPL, version 3 or later.</source>
        <translation>Lizenz: GNU GPL, Version 3 oder neuer.</translation>
    </message>
    <message>
        <source>Running on Python %1, Qt %2 (PySide6 %3), slixmpp %4.</source>
        <translation>Läuft mit Python %1, Qt %2 (PySide6 %3), slixmpp %4.</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About %1</source>
        <translation>&amp;Über %1</translation>
    </message>
    <message>
        <source>About %1</source>
        <translation>Über %1</translation>
    </message>
</context>
<context>
    <name>AccountDialog</name>
    <message>
        <source>Edit account</source>
        <translation>Konto bearbeiten</translation>
    </message>
    <message>
        <source>Add account</source>
        <translation>Konto hinzufügen</translation>
    </message>
    <message>
        <source>name@example.org</source>
        <translation>name@example.org</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse:</translation>
    </message>
    <message>
        <source>leave empty to keep the current one</source>
        <translation>leer lassen, um das bisherige zu behalten</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Remember password in the system keyring</source>
        <translation>Passwort im System-Schlüsselbund &amp;merken</translation>
    </message>
    <message>
        <source>Passwords cannot be saved on this computer; you will be asked each session.</source>
        <translation>Passwörter können auf diesem Computer nicht gespeichert werden; Sie werden bei jeder Sitzung danach gefragt.</translation>
    </message>
    <message>
        <source>The name of this device, after the / in your address</source>
        <translation>Der Name dieses Geräts, nach dem / in Ihrer Adresse</translation>
    </message>
    <message>
        <source>&amp;Resource:</source>
        <translation>&amp;Ressource:</translation>
    </message>
    <message>
        <source>&amp;Advanced: server and security</source>
        <translation>&amp;Erweitert: Server und Sicherheit</translation>
    </message>
    <message>
        <source>found automatically (DNS SRV)</source>
        <translation>automatisch ermittelt (DNS SRV)</translation>
    </message>
    <message>
        <source>Server &amp;host:</source>
        <translation>Server-&amp;Host:</translation>
    </message>
    <message>
        <source>Server p&amp;ort:</source>
        <translation>Server-P&amp;ort:</translation>
    </message>
    <message>
        <source>&amp;STARTTLS</source>
        <translation>&amp;STARTTLS</translation>
    </message>
    <message>
        <source>&amp;Direct TLS</source>
        <translation>&amp;Direktes TLS</translation>
    </message>
    <message>
        <source>Encryption:</source>
        <translation>Verschlüsselung:</translation>
    </message>
    <message>
        <source>the system&apos;s trusted authorities</source>
        <translation>die vertrauenswürdigen Zertifizierungsstellen des Systems</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Trust &amp;CA file:</source>
        <translation>&amp;CA-Datei vertrauen:</translation>
    </message>
    <message>
        <source>Forget the certificate trusted for this account (SHA-256 %1…)</source>
        <translation>Das für dieses Konto vertraute Zertifikat vergessen (SHA-256 %1…)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Choose the CA certificate to trust</source>
        <translation>Vertrauenswürdiges CA-Zertifikat wählen</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer)</source>
        <translation>PEM-Zertifikate (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>This account is already set up.</source>
        <translation>Dieses Konto ist bereits eingerichtet.</translation>
    </message>
    <message>
        <source>Enter the password for this account.</source>
        <translation>Geben Sie das Passwort für dieses Konto ein.</translation>
    </message>
    <message>
        <source>The port must be a number.</source>
        <translation>Der Port muss eine Zahl sein.</translation>
    </message>
    <message>
        <source>The port must be between 1 and 65535.</source>
        <translation>Der Port muss zwischen 1 und 65535 liegen.</translation>
    </message>
    <message>
        <source>A port needs a server host as well.</source>
        <translation>Zu einem Port gehört auch ein Server-Host.</translation>
    </message>
</context>
<context>
    <name>AccountsController</name>
    <message>
        <source>disabled</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>verbinde…</translation>
    </message>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>reconnecting…</source>
        <translation>verbinde erneut…</translation>
    </message>
    <message>
        <source>certificate not trusted</source>
        <translation>Zertifikat nicht vertrauenswürdig</translation>
    </message>
    <message>
        <source>password rejected</source>
        <translation>Passwort abgelehnt</translation>
    </message>
    <message>
        <source>needs the password</source>
        <translation>Passwort erforderlich</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>&amp;Accounts</source>
        <translation>&amp;Konten</translation>
    </message>
    <message>
        <source>&amp;Add account…</source>
        <translation>Konto &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Review &amp;certificate…</source>
        <translation>&amp;Zertifikat prüfen…</translation>
    </message>
    <message>
        <source>Enter &amp;password…</source>
        <translation>&amp;Passwort eingeben…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Connect this account</source>
        <translation>Dieses Konto &amp;verbinden</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Entfernen…</translation>
    </message>
    <message>
        <source>The account could not be added</source>
        <translation>Das Konto konnte nicht hinzugefügt werden</translation>
    </message>
    <message>
        <source>The account could not be changed</source>
        <translation>Das Konto konnte nicht geändert werden</translation>
    </message>
    <message>
        <source>Remove account</source>
        <translation>Konto entfernen</translation>
    </message>
    <message>
        <source>Remove %1 from Attend? Its saved password is deleted from the keyring.</source>
        <translation>%1 aus Attend entfernen? Das gespeicherte Passwort wird aus dem Schlüsselbund gelöscht.</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>The account could not be removed</source>
        <translation>Das Konto konnte nicht entfernt werden</translation>
    </message>
    <message>
        <source>The password could not be used</source>
        <translation>Das Passwort konnte nicht verwendet werden</translation>
    </message>
    <message>
        <source>The password was not saved</source>
        <translation>Das Passwort wurde nicht gespeichert</translation>
    </message>
    <message>
        <source>The password is used for this session only: %1</source>
        <translation>Das Passwort gilt nur für diese Sitzung: %1</translation>
    </message>
    <message>
        <source>The certificate could not be trusted</source>
        <translation>Dem Zertifikat konnte nicht vertraut werden</translation>
    </message>
    <message>
        <source>Review certificate for %1…</source>
        <translation>Zertifikat für %1 prüfen…</translation>
    </message>
    <message>
        <source>Enter password for %1…</source>
        <translation>Passwort für %1 eingeben…</translation>
    </message>
</context>
<context>
    <name>ActivityUi</name>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Privacy &amp;&amp; activity…</source>
        <translation>Privatsphäre &amp;&amp; Aktivität…</translation>
    </message>
</context>
<context>
    <name>CertificateDialog</name>
    <message>
        <source>Untrusted certificate for %1</source>
        <translation>Nicht vertrauenswürdiges Zertifikat für %1</translation>
    </message>
    <message>
        <source>Attend did not connect %1: the server&apos;s certificate could not be verified, so someone could be listening in. Nothing was sent, not even your password.</source>
        <translation>Attend hat %1 nicht verbunden: Das Zertifikat des Servers ließ sich nicht überprüfen, jemand könnte also mithören. Es wurde nichts gesendet, auch nicht Ihr Passwort.</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(unbekannt)</translation>
    </message>
    <message>
        <source>Why:</source>
        <translation>Grund:</translation>
    </message>
    <message>
        <source>Issued to:</source>
        <translation>Ausgestellt für:</translation>
    </message>
    <message>
        <source>Issued by:</source>
        <translation>Ausgestellt von:</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>Gültig bis:</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation>SHA-256-Fingerabdruck:</translation>
    </message>
    <message>
        <source>Trust it only if you have checked this fingerprint with the server&apos;s administrator. Attend will then accept exactly this certificate for this account, and refuse any other.</source>
        <translation>Vertrauen Sie ihm nur, wenn Sie diesen Fingerabdruck mit der Administration des Servers abgeglichen haben. Attend akzeptiert dann für dieses Konto genau dieses Zertifikat und lehnt jedes andere ab.</translation>
    </message>
    <message>
        <source>&amp;Trust this certificate for %1</source>
        <translation>Diesem Zertifikat für %1 &amp;vertrauen</translation>
    </message>
</context>
<context>
    <name>ChatModel</name>
    <message>
        <source>Waiting to be sent</source>
        <translation>Wartet auf den Versand</translation>
    </message>
    <message>
        <source>Sent, not yet confirmed by the server</source>
        <translation>Gesendet, vom Server noch nicht bestätigt</translation>
    </message>
    <message>
        <source>On the server</source>
        <translation>Auf dem Server</translation>
    </message>
    <message>
        <source>Delivered to a device of the contact</source>
        <translation>An ein Gerät des Kontakts zugestellt</translation>
    </message>
    <message>
        <source>Could not be delivered</source>
        <translation>Konnte nicht zugestellt werden</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Gestern</translation>
    </message>
    <message>
        <source>You, %1: %2 (%3)</source>
        <translation>Sie, %1: %2 (%3)</translation>
    </message>
    <message>
        <source>From someone not in your contacts, %1: %2</source>
        <translation>Von jemandem, der nicht in Ihren Kontakten ist, %1: %2</translation>
    </message>
    <message>
        <source>Received %1: %2</source>
        <translation>Empfangen %1: %2</translation>
    </message>
    <message>
        <source>From someone who is not in your contacts</source>
        <translation>Von jemandem, der nicht in Ihren Kontakten ist</translation>
    </message>
    <message>
        <source>Shortened for display; copy the message to get all of it</source>
        <translation>Für die Anzeige gekürzt; kopieren Sie die Nachricht, um sie vollständig zu erhalten</translation>
    </message>
</context>
<context>
    <name>ChatWindow</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>Write a message…</source>
        <translation>Nachricht schreiben…</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Not in your contacts. Nothing is sent back automatically (no receipts, no typing notifications).</source>
        <translation>Nicht in Ihren Kontakten. Es wird nichts automatisch zurückgeschickt (keine Empfangsbestätigungen, keine Tipp-Hinweise).</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>%1 is typing…</source>
        <translation>%1 schreibt…</translation>
    </message>
    <message>
        <source>%1 stopped typing.</source>
        <translation>%1 schreibt nicht mehr.</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Nicht gesendet: %1</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <source>New Chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <source>Address (name@example.org):</source>
        <translation>Adresse (name@example.org):</translation>
    </message>
    <message numerus="yes">
        <source>Chats (%n unread)</source>
        <translation>
            <numerusform>Chats (%n ungelesen)</numerusform>
            <numerusform>Chats (%n ungelesen)</numerusform>
        </translation>
    </message>
    <message>
        <source>Chats</source>
        <translation>Chats</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
</context>
<context>
    <name>ConversationModel</name>
    <message>
        <source>You: %1</source>
        <translation>Sie: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n unread: %2</source>
        <translation>
            <numerusform>%1, %n ungelesen: %2</numerusform>
            <numerusform>%1, %n ungelesen: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>Desktop</name>
    <message>
        <source>&amp;Show Attend</source>
        <translation>Attend &amp;anzeigen</translation>
    </message>
    <message numerus="yes">
        <source>%n unread message(s)</source>
        <translation>
            <numerusform>%n ungelesene Nachricht</numerusform>
            <numerusform>%n ungelesene Nachrichten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>verbinde…</translation>
    </message>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message numerus="yes">
        <source>reconnecting in %n s</source>
        <translation>
            <numerusform>neuer Versuch in %n Sekunde</numerusform>
            <numerusform>neuer Versuch in %n Sekunden</numerusform>
        </translation>
    </message>
    <message>
        <source>reconnecting…</source>
        <translation>verbinde erneut…</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>No accounts yet.
Add an account: %1 → %2</source>
        <comment>%1 the Accounts menu, %2 its entry that adds an account</comment>
        <translation>Noch keine Konten.
So fügen Sie ein Konto hinzu: %1 → %2</translation>
    </message>
    <message>
        <source>Add account…</source>
        <translation>Konto hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Add contact…</source>
        <translation>Kontakt &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Contacts</source>
        <translation>K&amp;ontakte</translation>
    </message>
    <message>
        <source>No accounts</source>
        <translation>Keine Konten</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;New Chat…</source>
        <translation>&amp;Neuer Chat…</translation>
    </message>
    <message>
        <source>&amp;Chats</source>
        <translation>&amp;Chats</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Passwords cannot be saved on this computer: %1. Attend will ask for them each time.</source>
        <translation>Passwörter können auf diesem Computer nicht gespeichert werden: %1. Attend fragt jedes Mal danach.</translation>
    </message>
    <message>
        <source>Password for %1</source>
        <translation>Passwort für %1</translation>
    </message>
    <message>
        <source>The server rejected the password for %1. Enter it again to sign in.</source>
        <translation>Der Server hat das Passwort für %1 abgelehnt. Geben Sie es erneut ein, um sich anzumelden.</translation>
    </message>
    <message>
        <source>No password is saved for %1. Enter it to sign in.</source>
        <translation>Für %1 ist kein Passwort gespeichert. Geben Sie es ein, um sich anzumelden.</translation>
    </message>
    <message>
        <source>Enter the password for %1 to sign in.</source>
        <translation>Geben Sie das Passwort für %1 ein, um sich anzumelden.</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Remember password in the system keyring</source>
        <translation>Passwort im System-Schlüsselbund &amp;merken</translation>
    </message>
    <message>
        <source>Passwords cannot be saved on this computer; you will be asked each session.</source>
        <translation>Passwörter können auf diesem Computer nicht gespeichert werden; Sie werden bei jeder Sitzung danach gefragt.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
</context>
<context>
    <name>PrivacyDialog</name>
    <message>
        <source>Set Away / Extended away automatically</source>
        <translation>Automatisch auf Abwesend / Länger abwesend setzen</translation>
    </message>
    <message>
        <source>Away after</source>
        <translation>Abwesend nach</translation>
    </message>
    <message>
        <source>Extended away after</source>
        <translation>Länger abwesend nach</translation>
    </message>
    <message>
        <source>Extended away as soon as the screen locks</source>
        <translation>Länger abwesend, sobald der Bildschirm gesperrt wird</translation>
    </message>
    <message>
        <source>Tell the server I&apos;m inactive after</source>
        <translation>Dem Server Inaktivität melden nach</translation>
    </message>
    <message>
        <source>Away message</source>
        <translation>Abwesenheitsnachricht</translation>
    </message>
    <message>
        <source>Extended away message</source>
        <translation>Nachricht für „Länger abwesend“</translation>
    </message>
    <message>
        <source>Tell contacts since when I have been idle</source>
        <translation>Kontakten mitteilen, seit wann ich untätig bin</translation>
    </message>
    <message>
        <source>Also tell group chats (every participant)</source>
        <translation>Auch Gruppenchats mitteilen (allen Teilnehmenden)</translation>
    </message>
    <message>
        <source>Answer last-activity queries from contacts who see my presence</source>
        <translation>Anfragen zur letzten Aktivität von Kontakten beantworten, die meinen Status sehen</translation>
    </message>
    <message>
        <source>Set Away and Extended away automatically when you are idle or your screen locks.</source>
        <translation>Automatisch auf Abwesend und Länger abwesend setzen, wenn Sie untätig sind oder der Bildschirm gesperrt wird.</translation>
    </message>
    <message>
        <source>Time without keyboard or mouse input before you are shown as Away, e.g. 90s, 5m or 1h30m.</source>
        <translation>Zeit ohne Tastatur- oder Mauseingabe, bis Sie als abwesend angezeigt werden, z. B. 90s, 5m oder 1h30m.</translation>
    </message>
    <message>
        <source>Time without input before you are shown as Extended away (0 = never), e.g. 15m or 1h.</source>
        <translation>Zeit ohne Eingabe, bis Sie als länger abwesend angezeigt werden (0 = nie), z. B. 15m oder 1h.</translation>
    </message>
    <message>
        <source>Go Extended away as soon as the screen locks.</source>
        <translation>Länger abwesend, sobald der Bildschirm gesperrt wird.</translation>
    </message>
    <message>
        <source>How long Attend may sit in the background before it tells your server you are inactive, so the server can hold back unimportant traffic (0 = at once).</source>
        <translation>Wie lange Attend im Hintergrund sein darf, bevor es Ihrem Server Inaktivität meldet, damit der Server Unwichtiges zurückhalten kann (0 = sofort).</translation>
    </message>
    <message>
        <source>Status message while automatically Away (empty = keep your own message).</source>
        <translation>Statusnachricht, solange Sie automatisch abwesend sind (leer = eigene Nachricht behalten).</translation>
    </message>
    <message>
        <source>Status message while automatically Extended away (empty = keep your own message).</source>
        <translation>Statusnachricht, solange Sie automatisch länger abwesend sind (leer = eigene Nachricht behalten).</translation>
    </message>
    <message>
        <source>Tell contacts since when you have been idle.</source>
        <translation>Kontakten mitteilen, seit wann Sie untätig sind.</translation>
    </message>
    <message>
        <source>Also include your idle time in group-chat presence, visible to every participant.</source>
        <translation>Die Untätigkeitsdauer auch in Gruppenchats mitteilen, sichtbar für alle Teilnehmenden.</translation>
    </message>
    <message>
        <source>Answer “last activity” questions, only from contacts who see your presence.</source>
        <translation>Anfragen zur „letzten Aktivität“ beantworten, nur von Kontakten, die Ihren Status sehen.</translation>
    </message>
    <message>
        <source>%1: “%2” is not a duration. Use e.g. 90s, 5m or 1h30m.</source>
        <translation>%1: „%2“ ist keine Zeitdauer. Verwenden Sie z. B. 90s, 5m oder 1h30m.</translation>
    </message>
    <message>
        <source>%1 must be at least %2.</source>
        <translation>%1 muss mindestens %2 sein.</translation>
    </message>
    <message>
        <source>%1 must be at most %2.</source>
        <translation>%1 darf höchstens %2 sein.</translation>
    </message>
    <message>
        <source>Privacy &amp; activity</source>
        <translation>Privatsphäre &amp; Aktivität</translation>
    </message>
    <message>
        <source>e.g. 90s, 5m, 1h30m</source>
        <translation>z. B. 90s, 5m, 1h30m</translation>
    </message>
    <message>
        <source>empty: keep my own message</source>
        <translation>leer: eigene Nachricht behalten</translation>
    </message>
    <message>
        <source>When I&apos;m away</source>
        <translation>Wenn ich weg bin</translation>
    </message>
    <message>
        <source>What others may learn</source>
        <translation>Was andere erfahren dürfen</translation>
    </message>
</context>
<context>
    <name>Roster</name>
    <message>
        <source>Contacts</source>
        <comment>pseudo-group: contacts in no group</comment>
        <translation>Kontakte</translation>
    </message>
    <message>
        <source>Subscription requests</source>
        <comment>pseudo-group: people asking to see your presence</comment>
        <translation>Abonnement-Anfragen</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <comment>group header: online/total contacts</comment>
        <translation>%1/%2</translation>
    </message>
    <message numerus="yes">
        <source>%n unread message(s)</source>
        <comment>contact row: messages not read yet</comment>
        <translation>
            <numerusform>%n ungelesene Nachricht</numerusform>
            <numerusform>%n ungelesene Nachrichten</numerusform>
        </translation>
    </message>
    <message>
        <source>Free for chat</source>
        <translation>Gesprächsbereit</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <source>Extended away</source>
        <translation>Länger abwesend</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Bitte nicht stören</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>just now</source>
        <comment>duration under a minute</comment>
        <translation>gerade eben</translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <comment>duration</comment>
        <translation>
            <numerusform>%n Min.</numerusform>
            <numerusform>%n Min.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <comment>duration</comment>
        <translation>
            <numerusform>%n Std.</numerusform>
            <numerusform>%n Std.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days</source>
        <comment>duration, always 2 or more</comment>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tage</numerusform>
        </translation>
    </message>
    <message>
        <source>idle just now</source>
        <comment>row marker</comment>
        <translation>seit eben untätig</translation>
    </message>
    <message numerus="yes">
        <source>idle %n min</source>
        <comment>row marker</comment>
        <translation>
            <numerusform>%n Min. untätig</numerusform>
            <numerusform>%n Min. untätig</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>idle %n h</source>
        <comment>row marker</comment>
        <translation>
            <numerusform>%n Std. untätig</numerusform>
            <numerusform>%n Std. untätig</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>idle %n days</source>
        <comment>row marker, n &gt;= 2</comment>
        <translation>
            <numerusform>%n Tag untätig</numerusform>
            <numerusform>%n Tage untätig</numerusform>
        </translation>
    </message>
    <message>
        <source>last seen just now</source>
        <comment>row marker</comment>
        <translation>gerade eben gesehen</translation>
    </message>
    <message numerus="yes">
        <source>last seen %n min ago</source>
        <comment>row marker</comment>
        <translation>
            <numerusform>zuletzt gesehen vor %n Min.</numerusform>
            <numerusform>zuletzt gesehen vor %n Min.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last seen %n h ago</source>
        <comment>row marker</comment>
        <translation>
            <numerusform>zuletzt gesehen vor %n Std.</numerusform>
            <numerusform>zuletzt gesehen vor %n Std.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last seen %n days ago</source>
        <comment>row marker, n &gt;= 2</comment>
        <translation>
            <numerusform>zuletzt gesehen vor %n Tag</numerusform>
            <numerusform>zuletzt gesehen vor %n Tagen</numerusform>
        </translation>
    </message>
    <message>
        <source>Idle since %1 (%2)</source>
        <comment>today: %1 time, %2 duration</comment>
        <translation>Untätig seit %1 (%2)</translation>
    </message>
    <message>
        <source>Idle since yesterday %1 (%2)</source>
        <comment>%1 time, %2 duration</comment>
        <translation>Untätig seit gestern %1 (%2)</translation>
    </message>
    <message>
        <source>Idle since %1 %2 (%3)</source>
        <comment>%1 weekday, %2 time, %3 duration</comment>
        <translation>Untätig seit %1 %2 (%3)</translation>
    </message>
    <message>
        <source>Idle since %1 (%2)</source>
        <comment>older: %1 date, %2 duration</comment>
        <translation>Untätig seit %1 (%2)</translation>
    </message>
    <message>
        <source>Last seen %1 (%2)</source>
        <comment>today: %1 time, %2 duration</comment>
        <translation>Zuletzt gesehen: %1 (%2)</translation>
    </message>
    <message>
        <source>Last seen yesterday %1 (%2)</source>
        <comment>%1 time, %2 duration</comment>
        <translation>Zuletzt gesehen: gestern %1 (%2)</translation>
    </message>
    <message>
        <source>Last seen %1 %2 (%3)</source>
        <comment>%1 weekday, %2 time, %3 duration</comment>
        <translation>Zuletzt gesehen: %1 %2 (%3)</translation>
    </message>
    <message>
        <source>Last seen %1 (%2)</source>
        <comment>older: %1 date, %2 duration</comment>
        <translation>Zuletzt gesehen: %1 (%2)</translation>
    </message>
    <message>
        <source>You see each other&apos;s presence</source>
        <translation>Sie sehen gegenseitig Ihren Status</translation>
    </message>
    <message>
        <source>You see their presence; they do not see yours</source>
        <translation>Sie sehen den Status des Kontakts, er Ihren nicht</translation>
    </message>
    <message>
        <source>They see your presence; you do not see theirs</source>
        <translation>Der Kontakt sieht Ihren Status, Sie seinen nicht</translation>
    </message>
    <message>
        <source>No presence subscription either way</source>
        <translation>In keiner Richtung ein Status-Abonnement</translation>
    </message>
    <message>
        <source>(no resource name)</source>
        <translation>(kein Ressourcenname)</translation>
    </message>
    <message>
        <source>Resource %1, shown in the list</source>
        <translation>Ressource %1, in der Liste angezeigt</translation>
    </message>
    <message>
        <source>Resource %1</source>
        <translation>Ressource %1</translation>
    </message>
    <message>
        <source>%1: “%2”</source>
        <comment>%1 show, %2 status message</comment>
        <translation>%1: „%2“</translation>
    </message>
    <message>
        <source>Priority: %1</source>
        <translation>Priorität: %1</translation>
    </message>
    <message>
        <source>Client: %1</source>
        <translation>Client: %1</translation>
    </message>
    <message>
        <source>Fallback: last activity reported with presence (XEP-0256)</source>
        <translation>Ersatzweise: mit dem Status gemeldete letzte Aktivität (XEP-0256)</translation>
    </message>
    <message>
        <source>Fallback: asked directly (XEP-0012)</source>
        <translation>Ersatzweise: direkt abgefragt (XEP-0012)</translation>
    </message>
    <message>
        <source>Set by hand, not idle (this client reports idle time)</source>
        <translation>Von Hand gesetzt, nicht untätig (dieser Client meldet Untätigkeit)</translation>
    </message>
    <message>
        <source>At the keyboard (this client reports idle time)</source>
        <translation>An der Tastatur (dieser Client meldet Untätigkeit)</translation>
    </message>
    <message>
        <source>This client does not report idle time</source>
        <translation>Dieser Client meldet keine Untätigkeit</translation>
    </message>
    <message>
        <source>Not confirmed since our connection dropped</source>
        <translation>Nicht bestätigt, seit unsere Verbindung abbrach</translation>
    </message>
    <message>
        <source>Asked directly for last activity (XEP-0012) at %1: no answer (%2)</source>
        <translation>Um %1 direkt nach der letzten Aktivität gefragt (XEP-0012): keine Antwort (%2)</translation>
    </message>
    <message>
        <source>Asked directly for last activity (XEP-0012) at %1: no answer</source>
        <translation>Um %1 direkt nach der letzten Aktivität gefragt (XEP-0012): keine Antwort</translation>
    </message>
    <message>
        <source>Asked directly for last activity (XEP-0012) at %1:</source>
        <translation>Um %1 direkt nach der letzten Aktivität gefragt (XEP-0012):</translation>
    </message>
    <message>
        <source>Status: “%1”</source>
        <translation>Status: „%1“</translation>
    </message>
    <message>
        <source>Waiting for them to accept your subscription request</source>
        <translation>Wartet darauf, dass der Kontakt Ihre Abonnement-Anfrage annimmt</translation>
    </message>
    <message>
        <source>Asks to see your presence: “%1”</source>
        <comment>%1 their message</comment>
        <translation>Möchte Ihren Status sehen: „%1“</translation>
    </message>
    <message>
        <source>Asks to see your presence</source>
        <translation>Möchte Ihren Status sehen</translation>
    </message>
    <message>
        <source>Groups: %1</source>
        <translation>Gruppen: %1</translation>
    </message>
    <message>
        <source>Account: %1</source>
        <translation>Konto: %1</translation>
    </message>
    <message>
        <source>Asks to see your presence (received %1)</source>
        <comment>%1 time or date</comment>
        <translation>Möchte Ihren Status sehen (erhalten %1)</translation>
    </message>
    <message>
        <source>Message: “%1”</source>
        <translation>Nachricht: „%1“</translation>
    </message>
    <message>
        <source>Use the context menu to accept or deny; nothing is answered for you.</source>
        <translation>Annehmen oder ablehnen über das Kontextmenü; nichts wird für Sie beantwortet.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n online</source>
        <comment>%1 online contacts</comment>
        <translation>
            <numerusform>%1 von %n online</numerusform>
            <numerusform>%1 von %n online</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RosterWidget</name>
    <message>
        <source>Filter contacts</source>
        <translation>Kontakte filtern</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Ansicht</translation>
    </message>
    <message>
        <source>Sort by &amp;status</source>
        <translation>Nach &amp;Status sortieren</translation>
    </message>
    <message>
        <source>Sort by &amp;name</source>
        <translation>Nach &amp;Name sortieren</translation>
    </message>
    <message>
        <source>Sort by recent &amp;activity</source>
        <translation>Nach letzter &amp;Aktivität sortieren</translation>
    </message>
    <message>
        <source>Show &amp;offline contacts</source>
        <translation>&amp;Offline-Kontakte anzeigen</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <source>&amp;Accept subscription request</source>
        <translation>Abonnement-Anfrage &amp;annehmen</translation>
    </message>
    <message>
        <source>&amp;Deny subscription request</source>
        <translation>Abonnement-Anfrage a&amp;blehnen</translation>
    </message>
    <message>
        <source>Open &amp;chat</source>
        <translation>&amp;Chat öffnen</translation>
    </message>
    <message>
        <source>Ask for &amp;last activity</source>
        <translation>Nach &amp;letzter Aktivität fragen</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>&amp;Umbenennen…</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>&amp;Entfernen…</translation>
    </message>
    <message>
        <source>A&amp;dd contact…</source>
        <translation>Kontakt &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Move to &amp;group</source>
        <translation>In &amp;Gruppe verschieben</translation>
    </message>
    <message>
        <source>Out of “%1”</source>
        <translation>Aus „%1“ entfernen</translation>
    </message>
    <message>
        <source>&amp;New group…</source>
        <translation>&amp;Neue Gruppe…</translation>
    </message>
    <message>
        <source>Add contact</source>
        <translation>Kontakt hinzufügen</translation>
    </message>
    <message>
        <source>Add the contact to account:</source>
        <translation>Konto, zu dem der Kontakt hinzugefügt wird:</translation>
    </message>
    <message>
        <source>Address (JID) to add to %1:</source>
        <translation>Adresse (JID), die zu %1 hinzugefügt werden soll:</translation>
    </message>
    <message>
        <source>Rename contact</source>
        <translation>Kontakt umbenennen</translation>
    </message>
    <message>
        <source>New name for %1:</source>
        <translation>Neuer Name für %1:</translation>
    </message>
    <message>
        <source>Move to new group</source>
        <translation>In neue Gruppe verschieben</translation>
    </message>
    <message>
        <source>Group name for %1:</source>
        <translation>Gruppenname für %1:</translation>
    </message>
    <message>
        <source>Remove contact</source>
        <translation>Kontakt entfernen</translation>
    </message>
    <message>
        <source>Remove %1 from your contacts? You will stop seeing each other&apos;s presence.</source>
        <translation>%1 aus Ihren Kontakten entfernen? Sie sehen dann gegenseitig Ihren Status nicht mehr.</translation>
    </message>
</context>
<context>
    <name>SearchModel</name>
    <message>
        <source>You to %1, %2: %3</source>
        <translation>Sie an %1, %2: %3</translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1, %2: %3</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Search messages…</source>
        <translation>Nachrichten durchsuchen…</translation>
    </message>
    <message>
        <source>Search messages</source>
        <translation>Nachrichten durchsuchen</translation>
    </message>
    <message>
        <source>Close the search (Esc)</source>
        <translation>Suche schließen (Esc)</translation>
    </message>
    <message>
        <source>Close the search</source>
        <translation>Suche schließen</translation>
    </message>
    <message>
        <source>&amp;All conversations</source>
        <translation>&amp;Alle Unterhaltungen</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>No messages found.</source>
        <translation>Keine Nachrichten gefunden.</translation>
    </message>
    <message numerus="yes">
        <source>The newest %n messages found; scroll for more.</source>
        <translation>
            <numerusform>Die neueste gefundene Nachricht; für weitere blättern.</numerusform>
            <numerusform>Die neuesten %n gefundenen Nachrichten; für weitere blättern.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) found.</source>
        <translation>
            <numerusform>%n Nachricht gefunden.</numerusform>
            <numerusform>%n Nachrichten gefunden.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusSelector</name>
    <message>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <source>Free for chat</source>
        <translation>Gesprächsbereit</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <source>Extended away</source>
        <translation>Länger abwesend</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Bitte nicht stören</translation>
    </message>
    <message>
        <source>Your status</source>
        <translation>Ihr Status</translation>
    </message>
    <message>
        <source>Status message</source>
        <translation>Statusnachricht</translation>
    </message>
    <message>
        <source>Your status message</source>
        <translation>Ihre Statusnachricht</translation>
    </message>
    <message>
        <source>yesterday %1</source>
        <translation>gestern %1</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>no CSI support</source>
        <translation>keine CSI-Unterstützung</translation>
    </message>
    <message>
        <source>active (by default)</source>
        <translation>aktiv (Standard)</translation>
    </message>
    <message>
        <source>What others are told</source>
        <translation>Was andere erfahren</translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>inaktiv</translation>
    </message>
    <message>
        <source>no account connected</source>
        <translation>kein Konto verbunden</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>idle since %1</source>
        <translation>untätig seit %1</translation>
    </message>
    <message>
        <source>server told: %1</source>
        <translation>dem Server gemeldet: %1</translation>
    </message>
</context>
</TS>
