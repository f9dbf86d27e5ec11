<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl" sourcelanguage="en">
<context>
    <name>About</name>
    <message>
        <source>A desktop XMPP client that honestly shows who is at their keyboard.</source>
        <translation>Komunikator XMPP na komputer, który uczciwie pokazuje, kto naprawdę siedzi przy klawiaturze.</translation>
    </message>
    <message>
        <source>Licence: GNU GPL, version 3 or later.</source>
        <translation>Licencja: GNU GPL w wersji 3 lub nowszej.</translation>
    </message>
    <message>
        <source>Running on Python %1, Qt %2 (PySide6 %3), slixmpp %4.</source>
        <translation>Działa na Pythonie %1, Qt %2 (PySide6 %3), slixmpp %4.</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Pomo&amp;c</translation>
    </message>
    <message>
        <source>&amp;About %1</source>
        <translation>&amp;O programie %1</translation>
    </message>
    <message>
        <source>About %1</source>
        <translation>O programie %1</translation>
    </message>
</context>
<context>
    <name>AccountDialog</name>
    <message>
        <source>Edit account</source>
        <translation>Edytuj konto</translation>
    </message>
    <message>
        <source>Add account</source>
        <translation>Dodaj konto</translation>
    </message>
    <message>
        <source>name@example.org</source>
        <translation>nazwa@example.org</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adres:</translation>
    </message>
    <message>
        <source>leave empty to keep the current one</source>
        <translation>zostaw puste, aby zachować obecne</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Hasło:</translation>
    </message>
    <message>
        <source>&amp;Remember password in the system keyring</source>
        <translation>&amp;Zapamiętaj hasło w systemowym pęku kluczy</translation>
    </message>
    <message>
        <source>Passwords cannot be saved on this computer; you will be asked each session.</source>
        <translation>Na tym komputerze nie można zapisywać haseł; będziesz o nie pytany w każdej sesji.</translation>
    </message>
    <message>
        <source>The name of this device, after the / in your address</source>
        <translation>Nazwa tego urządzenia, po znaku / w twoim adresie</translation>
    </message>
    <message>
        <source>&amp;Resource:</source>
        <translation>&amp;Zasób:</translation>
    </message>
    <message>
        <source>&amp;Advanced: server and security</source>
        <translation>&amp;Zaawansowane: serwer i bezpieczeństwo</translation>
    </message>
    <message>
        <source>found automatically (DNS SRV)</source>
        <translation>wykrywany automatycznie (DNS SRV)</translation>
    </message>
    <message>
        <source>Server &amp;host:</source>
        <translation>&amp;Host serwera:</translation>
    </message>
    <message>
        <source>Server p&amp;ort:</source>
        <translation>P&amp;ort serwera:</translation>
    </message>
    <message>
        <source>&amp;STARTTLS</source>
        <translation>&amp;STARTTLS</translation>
    </message>
    <message>
        <source>&amp;Direct TLS</source>
        <translation>&amp;Bezpośredni TLS</translation>
    </message>
    <message>
        <source>Encryption:</source>
        <translation>Szyfrowanie:</translation>
    </message>
    <message>
        <source>the system&apos;s trusted authorities</source>
        <translation>zaufane urzędy certyfikacji systemu</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Przeglądaj…</translation>
    </message>
    <message>
        <source>Trust &amp;CA file:</source>
        <translation>Zaufaj plikowi &amp;CA:</translation>
    </message>
    <message>
        <source>Forget the certificate trusted for this account (SHA-256 %1…)</source>
        <translation>Zapomnij zaufany certyfikat tego konta (SHA-256 %1…)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Zapisz</translation>
    </message>
    <message>
        <source>Choose the CA certificate to trust</source>
        <translation>Wybierz certyfikat CA, któremu zaufać</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer)</source>
        <translation>Certyfikaty PEM (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Wszystkie pliki (*)</translation>
    </message>
    <message>
        <source>This account is already set up.</source>
        <translation>To konto jest już skonfigurowane.</translation>
    </message>
    <message>
        <source>Enter the password for this account.</source>
        <translation>Wpisz hasło do tego konta.</translation>
    </message>
    <message>
        <source>The port must be a number.</source>
        <translation>Port musi być liczbą.</translation>
    </message>
    <message>
        <source>The port must be between 1 and 65535.</source>
        <translation>Port musi mieścić się w zakresie od 1 do 65535.</translation>
    </message>
    <message>
        <source>A port needs a server host as well.</source>
        <translation>Port wymaga również podania hosta serwera.</translation>
    </message>
</context>
<context>
    <name>AccountsController</name>
    <message>
        <source>disabled</source>
        <translation>wyłączone</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>rozłączone</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>łączenie…</translation>
    </message>
    <message>
        <source>online</source>
        <translation>połączone</translation>
    </message>
    <message>
        <source>reconnecting…</source>
        <translation>ponowne łączenie…</translation>
    </message>
    <message>
        <source>certificate not trusted</source>
        <translation>certyfikat niezaufany</translation>
    </message>
    <message>
        <source>password rejected</source>
        <translation>hasło odrzucone</translation>
    </message>
    <message>
        <source>needs the password</source>
        <translation>wymaga hasła</translation>
    </message>
    <message>
        <source>error</source>
        <translation>błąd</translation>
    </message>
    <message>
        <source>&amp;Accounts</source>
        <translation>&amp;Konta</translation>
    </message>
    <message>
        <source>&amp;Add account…</source>
        <translation>&amp;Dodaj konto…</translation>
    </message>
    <message>
        <source>Review &amp;certificate…</source>
        <translation>Sprawdź &amp;certyfikat…</translation>
    </message>
    <message>
        <source>Enter &amp;password…</source>
        <translation>Wpisz &amp;hasło…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Edytuj…</translation>
    </message>
    <message>
        <source>&amp;Connect this account</source>
        <translation>&amp;Łącz to konto</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Usuń…</translation>
    </message>
    <message>
        <source>The account could not be added</source>
        <translation>Nie udało się dodać konta</translation>
    </message>
    <message>
        <source>The account could not be changed</source>
        <translation>Nie udało się zmienić konta</translation>
    </message>
    <message>
        <source>Remove account</source>
        <translation>Usuń konto</translation>
    </message>
    <message>
        <source>Remove %1 from Attend? Its saved password is deleted from the keyring.</source>
        <translation>Usunąć %1 z Attend? Zapisane hasło zostanie usunięte z pęku kluczy.</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Usuń</translation>
    </message>
    <message>
        <source>The account could not be removed</source>
        <translation>Nie udało się usunąć konta</translation>
    </message>
    <message>
        <source>The password could not be used</source>
        <translation>Nie udało się użyć hasła</translation>
    </message>
    <message>
        <source>The password was not saved</source>
        <translation>Hasło nie zostało zapisane</translation>
    </message>
    <message>
        <source>The password is used for this session only: %1</source>
        <translation>Hasło zostanie użyte tylko w tej sesji: %1</translation>
    </message>
    <message>
        <source>The certificate could not be trusted</source>
        <translation>Nie udało się zaufać certyfikatowi</translation>
    </message>
    <message>
        <source>Review certificate for %1…</source>
        <translation>Sprawdź certyfikat dla %1…</translation>
    </message>
    <message>
        <source>Enter password for %1…</source>
        <translation>Wpisz hasło dla %1…</translation>
    </message>
</context>
<context>
    <name>ActivityUi</name>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Ustawienia</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Privacy &amp;&amp; activity…</source>
        <translation>Prywatność &amp;&amp; aktywność…</translation>
    </message>
</context>
<context>
    <name>CertificateDialog</name>
    <message>
        <source>Untrusted certificate for %1</source>
        <translation>Niezaufany certyfikat dla %1</translation>
    </message>
    <message>
        <source>Attend did not connect %1: the server&apos;s certificate could not be verified, so someone could be listening in. Nothing was sent, not even your password.</source>
        <translation>Attend nie połączył %1: nie udało się zweryfikować certyfikatu serwera, więc ktoś mógłby podsłuchiwać. Nic nie zostało wysłane, nawet twoje hasło.</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(nieznany)</translation>
    </message>
    <message>
        <source>Why:</source>
        <translation>Powód:</translation>
    </message>
    <message>
        <source>Issued to:</source>
        <translation>Wystawiony dla:</translation>
    </message>
    <message>
        <source>Issued by:</source>
        <translation>Wystawiony przez:</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>Ważny do:</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation>Odcisk SHA-256:</translation>
    </message>
    <message>
        <source>Trust it only if you have checked this fingerprint with the server&apos;s administrator. Attend will then accept exactly this certificate for this account, and refuse any other.</source>
        <translation>Zaufaj mu tylko wtedy, gdy sprawdzisz ten odcisk z administratorem serwera. Attend będzie wtedy akceptować dla tego konta dokładnie ten certyfikat i odrzucać każdy inny.</translation>
    </message>
    <message>
        <source>&amp;Trust this certificate for %1</source>
        <translation>&amp;Zaufaj temu certyfikatowi dla %1</translation>
    </message>
</context>
<context>
    <name>ChatModel</name>
    <message>
        <source>Waiting to be sent</source>
        <translation>Czeka na wysłanie</translation>
    </message>
    <message>
        <source>Sent, not yet confirmed by the server</source>
        <translation>Wysłano, serwer jeszcze nie potwierdził</translation>
    </message>
    <message>
        <source>On the server</source>
        <translation>Na serwerze</translation>
    </message>
    <message>
        <source>Delivered to a device of the contact</source>
        <translation>Dostarczono na urządzenie kontaktu</translation>
    </message>
    <message>
        <source>Could not be delivered</source>
        <translation>Nie udało się dostarczyć</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Dzisiaj</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Wczoraj</translation>
    </message>
    <message>
        <source>You, %1: %2 (%3)</source>
        <translation>Ty, %1: %2 (%3)</translation>
    </message>
    <message>
        <source>From someone not in your contacts, %1: %2</source>
        <translation>Od kogoś spoza Twoich kontaktów, %1: %2</translation>
    </message>
    <message>
        <source>Received %1: %2</source>
        <translation>Odebrano %1: %2</translation>
    </message>
    <message>
        <source>From someone who is not in your contacts</source>
        <translation>Od kogoś spoza twoich kontaktów</translation>
    </message>
    <message>
        <source>Shortened for display; copy the message to get all of it</source>
        <translation>Skrócono do wyświetlenia; skopiuj wiadomość, aby otrzymać ją w całości</translation>
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
        <translation>Rozmowa</translation>
    </message>
    <message>
        <source>Write a message…</source>
        <translation>Napisz wiadomość…</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Wiadomość</translation>
    </message>
    <message>
        <source>Not in your contacts. Nothing is sent back automatically (no receipts, no typing notifications).</source>
        <translation>Spoza twoich kontaktów. Nic nie jest odsyłane automatycznie (bez potwierdzeń odbioru i powiadomień o pisaniu).</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Wyślij</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopiuj</translation>
    </message>
    <message>
        <source>%1 is typing…</source>
        <translation>%1 pisze…</translation>
    </message>
    <message>
        <source>%1 stopped typing.</source>
        <translation>%1 już nie pisze.</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Nie wysłano: %1</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Szukaj…</translation>
    </message>
    <message>
        <source>New Chat</source>
        <translation>Nowy czat</translation>
    </message>
    <message>
        <source>Address (name@example.org):</source>
        <translation>Adres (nazwa@example.org):</translation>
    </message>
    <message numerus="yes">
        <source>Chats (%n unread)</source>
        <translation>
            <numerusform>Czaty (%n nieprzeczytana)</numerusform>
            <numerusform>Czaty (%n nieprzeczytane)</numerusform>
            <numerusform>Czaty (%n nieprzeczytanych)</numerusform>
        </translation>
    </message>
    <message>
        <source>Chats</source>
        <translation>Czaty</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <source>Conversations</source>
        <translation>Rozmowy</translation>
    </message>
</context>
<context>
    <name>ConversationModel</name>
    <message>
        <source>You: %1</source>
        <translation>Ty: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n unread: %2</source>
        <translation>
            <numerusform>%1, %n nieprzeczytana: %2</numerusform>
            <numerusform>%1, %n nieprzeczytane: %2</numerusform>
            <numerusform>%1, %n nieprzeczytanych: %2</numerusform>
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
        <translation>&amp;Pokaż Attend</translation>
    </message>
    <message numerus="yes">
        <source>%n unread message(s)</source>
        <translation>
            <numerusform>%n nieprzeczytana wiadomość</numerusform>
            <numerusform>%n nieprzeczytane wiadomości</numerusform>
            <numerusform>%n nieprzeczytanych wiadomości</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>offline</source>
        <translation>rozłączone</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>łączenie…</translation>
    </message>
    <message>
        <source>online</source>
        <translation>połączone</translation>
    </message>
    <message numerus="yes">
        <source>reconnecting in %n s</source>
        <translation>
            <numerusform>ponowne łączenie za %n sekundę</numerusform>
            <numerusform>ponowne łączenie za %n sekundy</numerusform>
            <numerusform>ponowne łączenie za %n sekund</numerusform>
        </translation>
    </message>
    <message>
        <source>reconnecting…</source>
        <translation>ponowne łączenie…</translation>
    </message>
    <message>
        <source>error</source>
        <translation>błąd</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>No accounts yet.
Add an account: %1 → %2</source>
        <comment>%1 the Accounts menu, %2 its entry that adds an account</comment>
        <translation>Nie ma jeszcze kont.
Dodaj konto: %1 → %2</translation>
    </message>
    <message>
        <source>Add account…</source>
        <translation>Dodaj konto…</translation>
    </message>
    <message>
        <source>&amp;Add contact…</source>
        <translation>&amp;Dodaj kontakt…</translation>
    </message>
    <message>
        <source>&amp;Contacts</source>
        <translation>K&amp;ontakty</translation>
    </message>
    <message>
        <source>No accounts</source>
        <translation>Brak kont</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Połączenie</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Za&amp;kończ</translation>
    </message>
    <message>
        <source>&amp;New Chat…</source>
        <translation>&amp;Nowa rozmowa…</translation>
    </message>
    <message>
        <source>&amp;Chats</source>
        <translation>&amp;Rozmowy</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Plik</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Passwords cannot be saved on this computer: %1. Attend will ask for them each time.</source>
        <translation>Na tym komputerze nie można zapisywać haseł: %1. Attend będzie pytać o nie za każdym razem.</translation>
    </message>
    <message>
        <source>Password for %1</source>
        <translation>Hasło dla %1</translation>
    </message>
    <message>
        <source>The server rejected the password for %1. Enter it again to sign in.</source>
        <translation>Serwer odrzucił hasło dla %1. Wpisz je ponownie, aby się zalogować.</translation>
    </message>
    <message>
        <source>No password is saved for %1. Enter it to sign in.</source>
        <translation>Dla %1 nie zapisano hasła. Wpisz je, aby się zalogować.</translation>
    </message>
    <message>
        <source>Enter the password for %1 to sign in.</source>
        <translation>Wpisz hasło dla %1, aby się zalogować.</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Hasło:</translation>
    </message>
    <message>
        <source>&amp;Remember password in the system keyring</source>
        <translation>&amp;Zapamiętaj hasło w systemowym pęku kluczy</translation>
    </message>
    <message>
        <source>Passwords cannot be saved on this computer; you will be asked each session.</source>
        <translation>Na tym komputerze nie można zapisywać haseł; będziesz o nie pytany w każdej sesji.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Zaloguj</translation>
    </message>
</context>
<context>
    <name>PrivacyDialog</name>
    <message>
        <source>Set Away / Extended away automatically</source>
        <translation>Automatycznie ustawiaj „Zaraz wracam” / „Nieobecny”</translation>
    </message>
    <message>
        <source>Away after</source>
        <translation>„Zaraz wracam” po</translation>
    </message>
    <message>
        <source>Extended away after</source>
        <translation>„Nieobecny” po</translation>
    </message>
    <message>
        <source>Extended away as soon as the screen locks</source>
        <translation>„Nieobecny”, gdy tylko ekran zostanie zablokowany</translation>
    </message>
    <message>
        <source>Tell the server I&apos;m inactive after</source>
        <translation>Zgłaszaj serwerowi brak aktywności po</translation>
    </message>
    <message>
        <source>Away message</source>
        <translation>Opis dla „Zaraz wracam”</translation>
    </message>
    <message>
        <source>Extended away message</source>
        <translation>Opis dla „Nieobecny”</translation>
    </message>
    <message>
        <source>Tell contacts since when I have been idle</source>
        <translation>Informuj kontakty, od kiedy jestem bezczynny</translation>
    </message>
    <message>
        <source>Also tell group chats (every participant)</source>
        <translation>Informuj też czaty grupowe (wszystkich uczestników)</translation>
    </message>
    <message>
        <source>Answer last-activity queries from contacts who see my presence</source>
        <translation>Odpowiadaj na pytania o ostatnią aktywność kontaktom, które widzą mój status</translation>
    </message>
    <message>
        <source>Set Away and Extended away automatically when you are idle or your screen locks.</source>
        <translation>Automatycznie ustawiaj „Zaraz wracam” i „Nieobecny”, gdy jesteś bezczynny lub ekran jest zablokowany.</translation>
    </message>
    <message>
        <source>Time without keyboard or mouse input before you are shown as Away, e.g. 90s, 5m or 1h30m.</source>
        <translation>Czas bez użycia klawiatury i myszy, po którym jesteś pokazywany jako „Zaraz wracam”, np. 90s, 5m lub 1h30m.</translation>
    </message>
    <message>
        <source>Time without input before you are shown as Extended away (0 = never), e.g. 15m or 1h.</source>
        <translation>Czas bez aktywności, po którym jesteś pokazywany jako „Nieobecny” (0 = nigdy), np. 15m lub 1h.</translation>
    </message>
    <message>
        <source>Go Extended away as soon as the screen locks.</source>
        <translation>Ustaw „Nieobecny”, gdy tylko ekran zostanie zablokowany.</translation>
    </message>
    <message>
        <source>How long Attend may sit in the background before it tells your server you are inactive, so the server can hold back unimportant traffic (0 = at once).</source>
        <translation>Jak długo Attend może pozostawać w tle, zanim zgłosi serwerowi brak aktywności, aby serwer mógł wstrzymać mniej ważny ruch (0 = od razu).</translation>
    </message>
    <message>
        <source>Status message while automatically Away (empty = keep your own message).</source>
        <translation>Opis statusu podczas automatycznego „Zaraz wracam” (puste = zachowaj własny opis).</translation>
    </message>
    <message>
        <source>Status message while automatically Extended away (empty = keep your own message).</source>
        <translation>Opis statusu podczas automatycznego „Nieobecny” (puste = zachowaj własny opis).</translation>
    </message>
    <message>
        <source>Tell contacts since when you have been idle.</source>
        <translation>Informuj kontakty, od kiedy jesteś bezczynny.</translation>
    </message>
    <message>
        <source>Also include your idle time in group-chat presence, visible to every participant.</source>
        <translation>Dołączaj czas bezczynności także do obecności w czatach grupowych, widocznej dla wszystkich uczestników.</translation>
    </message>
    <message>
        <source>Answer “last activity” questions, only from contacts who see your presence.</source>
        <translation>Odpowiadaj na pytania o „ostatnią aktywność”, tylko kontaktom, które widzą Twój status.</translation>
    </message>
    <message>
        <source>%1: “%2” is not a duration. Use e.g. 90s, 5m or 1h30m.</source>
        <translation>%1: „%2” nie jest czasem trwania. Użyj np. 90s, 5m lub 1h30m.</translation>
    </message>
    <message>
        <source>%1 must be at least %2.</source>
        <translation>%1: co najmniej %2.</translation>
    </message>
    <message>
        <source>%1 must be at most %2.</source>
        <translation>%1: najwyżej %2.</translation>
    </message>
    <message>
        <source>Privacy &amp; activity</source>
        <translation>Prywatność &amp; aktywność</translation>
    </message>
    <message>
        <source>e.g. 90s, 5m, 1h30m</source>
        <translation>np. 90s, 5m, 1h30m</translation>
    </message>
    <message>
        <source>empty: keep my own message</source>
        <translation>puste: zachowaj mój opis</translation>
    </message>
    <message>
        <source>When I&apos;m away</source>
        <translation>Gdy mnie nie ma</translation>
    </message>
    <message>
        <source>What others may learn</source>
        <translation>Co mogą wiedzieć inni</translation>
    </message>
</context>
<context>
    <name>Roster</name>
    <message>
        <source>Contacts</source>
        <comment>pseudo-group: contacts in no group</comment>
        <translation>Kontakty</translation>
    </message>
    <message>
        <source>Subscription requests</source>
        <comment>pseudo-group: people asking to see your presence</comment>
        <translation>Prośby o subskrypcję</translation>
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
            <numerusform>%n nieprzeczytana wiadomość</numerusform>
            <numerusform>%n nieprzeczytane wiadomości</numerusform>
            <numerusform>%n nieprzeczytanych wiadomości</numerusform>
        </translation>
    </message>
    <message>
        <source>Free for chat</source>
        <translation>Chętny do rozmowy</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Dostępny</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Zaraz wracam</translation>
    </message>
    <message>
        <source>Extended away</source>
        <translation>Nieobecny</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Nie przeszkadzać</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Niedostępny</translation>
    </message>
    <message>
        <source>just now</source>
        <comment>duration under a minute</comment>
        <translation>przed chwilą</translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <comment>duration</comment>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <comment>duration</comment>
        <translation>
            <numerusform>%n godz.</numerusform>
            <numerusform>%n godz.</numerusform>
            <numerusform>%n godz.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days</source>
        <comment>duration, always 2 or more</comment>
        <translation>
            <numerusform>%n dzień</numerusform>
            <numerusform>%n dni</numerusform>
            <numerusform>%n dni</numerusform>
        </translation>
    </message>
    <message>
        <source>idle just now</source>
        <comment>row marker</comment>
        <translation>bezczynność: od chwili</translation>
    </message>
    <message numerus="yes">
        <source>idle %n min</source>
        <comment>row marker</comment>
        <translation>
            <numerusform>bezczynność: %n min</numerusform>
            <numerusform>bezczynność: %n min</numerusform>
            <numerusform>bezczynność: %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>idle %n h</source>
        <comment>row marker</comment>
        <translation>
            <numerusform>bezczynność: %n godz.</numerusform>
            <numerusform>bezczynność: %n godz.</numerusform>
            <numerusform>bezczynność: %n godz.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>idle %n days</source>
        <comment>row marker, n &gt;= 2</comment>
        <translation>
            <numerusform>bezczynność: %n dzień</numerusform>
            <numerusform>bezczynność: %n dni</numerusform>
            <numerusform>bezczynność: %n dni</numerusform>
        </translation>
    </message>
    <message>
        <source>last seen just now</source>
        <comment>row marker</comment>
        <translation>ostatnia aktywność: przed chwilą</translation>
    </message>
    <message numerus="yes">
        <source>last seen %n min ago</source>
        <comment>row marker</comment>
        <translation>
            <numerusform>ostatnia aktywność %n min temu</numerusform>
            <numerusform>ostatnia aktywność %n min temu</numerusform>
            <numerusform>ostatnia aktywność %n min temu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last seen %n h ago</source>
        <comment>row marker</comment>
        <translation>
            <numerusform>ostatnia aktywność %n godz. temu</numerusform>
            <numerusform>ostatnia aktywność %n godz. temu</numerusform>
            <numerusform>ostatnia aktywność %n godz. temu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last seen %n days ago</source>
        <comment>row marker, n &gt;= 2</comment>
        <translation>
            <numerusform>ostatnia aktywność %n dzień temu</numerusform>
            <numerusform>ostatnia aktywność %n dni temu</numerusform>
            <numerusform>ostatnia aktywność %n dni temu</numerusform>
        </translation>
    </message>
    <message>
        <source>Idle since %1 (%2)</source>
        <comment>today: %1 time, %2 duration</comment>
        <translation>Bezczynność od: %1 (%2)</translation>
    </message>
    <message>
        <source>Idle since yesterday %1 (%2)</source>
        <comment>%1 time, %2 duration</comment>
        <translation>Bezczynność od: wczoraj %1 (%2)</translation>
    </message>
    <message>
        <source>Idle since %1 %2 (%3)</source>
        <comment>%1 weekday, %2 time, %3 duration</comment>
        <translation>Bezczynność od: %1 %2 (%3)</translation>
    </message>
    <message>
        <source>Idle since %1 (%2)</source>
        <comment>older: %1 date, %2 duration</comment>
        <translation>Bezczynność od: %1 (%2)</translation>
    </message>
    <message>
        <source>Last seen %1 (%2)</source>
        <comment>today: %1 time, %2 duration</comment>
        <translation>Ostatnia aktywność: %1 (%2)</translation>
    </message>
    <message>
        <source>Last seen yesterday %1 (%2)</source>
        <comment>%1 time, %2 duration</comment>
        <translation>Ostatnia aktywność: wczoraj %1 (%2)</translation>
    </message>
    <message>
        <source>Last seen %1 %2 (%3)</source>
        <comment>%1 weekday, %2 time, %3 duration</comment>
        <translation>Ostatnia aktywność: %1 %2 (%3)</translation>
    </message>
    <message>
        <source>Last seen %1 (%2)</source>
        <comment>older: %1 date, %2 duration</comment>
        <translation>Ostatnia aktywność: %1 (%2)</translation>
    </message>
    <message>
        <source>You see each other&apos;s presence</source>
        <translation>Widzicie nawzajem swój status</translation>
    </message>
    <message>
        <source>You see their presence; they do not see yours</source>
        <translation>Widzisz status tej osoby; ona nie widzi twojego</translation>
    </message>
    <message>
        <source>They see your presence; you do not see theirs</source>
        <translation>Ta osoba widzi twój status; ty nie widzisz jej</translation>
    </message>
    <message>
        <source>No presence subscription either way</source>
        <translation>Brak subskrypcji statusu w obie strony</translation>
    </message>
    <message>
        <source>(no resource name)</source>
        <translation>(brak nazwy zasobu)</translation>
    </message>
    <message>
        <source>Resource %1, shown in the list</source>
        <translation>Zasób %1, pokazywany na liście</translation>
    </message>
    <message>
        <source>Resource %1</source>
        <translation>Zasób %1</translation>
    </message>
    <message>
        <source>%1: “%2”</source>
        <comment>%1 show, %2 status message</comment>
        <translation>%1: „%2”</translation>
    </message>
    <message>
        <source>Priority: %1</source>
        <translation>Priorytet: %1</translation>
    </message>
    <message>
        <source>Client: %1</source>
        <translation>Klient: %1</translation>
    </message>
    <message>
        <source>Fallback: last activity reported with presence (XEP-0256)</source>
        <translation>Zastępczo: ostatnia aktywność podana wraz ze statusem (XEP-0256)</translation>
    </message>
    <message>
        <source>Fallback: asked directly (XEP-0012)</source>
        <translation>Zastępczo: zapytanie bezpośrednie (XEP-0012)</translation>
    </message>
    <message>
        <source>Set by hand, not idle (this client reports idle time)</source>
        <translation>Ustawione ręcznie, bez bezczynności (ten klient zgłasza czas bezczynności)</translation>
    </message>
    <message>
        <source>At the keyboard (this client reports idle time)</source>
        <translation>Przy klawiaturze (ten klient zgłasza czas bezczynności)</translation>
    </message>
    <message>
        <source>This client does not report idle time</source>
        <translation>Ten klient nie zgłasza czasu bezczynności</translation>
    </message>
    <message>
        <source>Not confirmed since our connection dropped</source>
        <translation>Niepotwierdzone od zerwania naszego połączenia</translation>
    </message>
    <message>
        <source>Asked directly for last activity (XEP-0012) at %1: no answer (%2)</source>
        <translation>Zapytanie o ostatnią aktywność (XEP-0012) o %1: brak odpowiedzi (%2)</translation>
    </message>
    <message>
        <source>Asked directly for last activity (XEP-0012) at %1: no answer</source>
        <translation>Zapytanie o ostatnią aktywność (XEP-0012) o %1: brak odpowiedzi</translation>
    </message>
    <message>
        <source>Asked directly for last activity (XEP-0012) at %1:</source>
        <translation>Zapytanie o ostatnią aktywność (XEP-0012) o %1:</translation>
    </message>
    <message>
        <source>Status: “%1”</source>
        <translation>Opis: „%1”</translation>
    </message>
    <message>
        <source>Waiting for them to accept your subscription request</source>
        <translation>Czekanie na przyjęcie twojej prośby o subskrypcję</translation>
    </message>
    <message>
        <source>Asks to see your presence: “%1”</source>
        <comment>%1 their message</comment>
        <translation>Prosi o wgląd w twój status: „%1”</translation>
    </message>
    <message>
        <source>Asks to see your presence</source>
        <translation>Prosi o wgląd w twój status</translation>
    </message>
    <message>
        <source>Groups: %1</source>
        <translation>Grupy: %1</translation>
    </message>
    <message>
        <source>Account: %1</source>
        <translation>Konto: %1</translation>
    </message>
    <message>
        <source>Asks to see your presence (received %1)</source>
        <comment>%1 time or date</comment>
        <translation>Prosi o wgląd w twój status (otrzymano %1)</translation>
    </message>
    <message>
        <source>Message: “%1”</source>
        <translation>Wiadomość: „%1”</translation>
    </message>
    <message>
        <source>Use the context menu to accept or deny; nothing is answered for you.</source>
        <translation>Przyjmij lub odrzuć w menu kontekstowym; nic nie jest odpowiadane za ciebie.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n online</source>
        <comment>%1 online contacts</comment>
        <translation>
            <numerusform>%1 z %n online</numerusform>
            <numerusform>%1 z %n online</numerusform>
            <numerusform>%1 z %n online</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RosterWidget</name>
    <message>
        <source>Filter contacts</source>
        <translation>Filtruj kontakty</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Widok</translation>
    </message>
    <message>
        <source>Sort by &amp;status</source>
        <translation>Sortuj według &amp;statusu</translation>
    </message>
    <message>
        <source>Sort by &amp;name</source>
        <translation>Sortuj według &amp;nazwy</translation>
    </message>
    <message>
        <source>Sort by recent &amp;activity</source>
        <translation>Sortuj według ostatniej &amp;aktywności</translation>
    </message>
    <message>
        <source>Show &amp;offline contacts</source>
        <translation>Pokaż &amp;niedostępne kontakty</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Kontakty</translation>
    </message>
    <message>
        <source>&amp;Accept subscription request</source>
        <translation>&amp;Przyjmij prośbę o subskrypcję</translation>
    </message>
    <message>
        <source>&amp;Deny subscription request</source>
        <translation>&amp;Odrzuć prośbę o subskrypcję</translation>
    </message>
    <message>
        <source>Open &amp;chat</source>
        <translation>Otwórz &amp;czat</translation>
    </message>
    <message>
        <source>Ask for &amp;last activity</source>
        <translation>Zapytaj o ostatnią &amp;aktywność</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>&amp;Zmień nazwę…</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>&amp;Usuń…</translation>
    </message>
    <message>
        <source>A&amp;dd contact…</source>
        <translation>&amp;Dodaj kontakt…</translation>
    </message>
    <message>
        <source>Move to &amp;group</source>
        <translation>Przenieś do &amp;grupy</translation>
    </message>
    <message>
        <source>Out of “%1”</source>
        <translation>Usuń z „%1”</translation>
    </message>
    <message>
        <source>&amp;New group…</source>
        <translation>&amp;Nowa grupa…</translation>
    </message>
    <message>
        <source>Add contact</source>
        <translation>Dodaj kontakt</translation>
    </message>
    <message>
        <source>Add the contact to account:</source>
        <translation>Dodaj kontakt do konta:</translation>
    </message>
    <message>
        <source>Address (JID) to add to %1:</source>
        <translation>Adres (JID) do dodania do %1:</translation>
    </message>
    <message>
        <source>Rename contact</source>
        <translation>Zmień nazwę kontaktu</translation>
    </message>
    <message>
        <source>New name for %1:</source>
        <translation>Nowa nazwa dla %1:</translation>
    </message>
    <message>
        <source>Move to new group</source>
        <translation>Przenieś do nowej grupy</translation>
    </message>
    <message>
        <source>Group name for %1:</source>
        <translation>Nazwa grupy dla %1:</translation>
    </message>
    <message>
        <source>Remove contact</source>
        <translation>Usuń kontakt</translation>
    </message>
    <message>
        <source>Remove %1 from your contacts? You will stop seeing each other&apos;s presence.</source>
        <translation>Usunąć %1 z kontaktów? Przestaniecie widzieć nawzajem swój status.</translation>
    </message>
</context>
<context>
    <name>SearchModel</name>
    <message>
        <source>You to %1, %2: %3</source>
        <translation>Ty do %1, %2: %3</translation>
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
        <translation>Szukaj w wiadomościach…</translation>
    </message>
    <message>
        <source>Search messages</source>
        <translation>Szukaj w wiadomościach</translation>
    </message>
    <message>
        <source>Close the search (Esc)</source>
        <translation>Zamknij wyszukiwanie (Esc)</translation>
    </message>
    <message>
        <source>Close the search</source>
        <translation>Zamknij wyszukiwanie</translation>
    </message>
    <message>
        <source>&amp;All conversations</source>
        <translation>&amp;Wszystkie rozmowy</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Wyniki wyszukiwania</translation>
    </message>
    <message>
        <source>No messages found.</source>
        <translation>Nie znaleziono wiadomości.</translation>
    </message>
    <message numerus="yes">
        <source>The newest %n messages found; scroll for more.</source>
        <translation>
            <numerusform>Najnowsza %n znaleziona wiadomość; przewiń, aby zobaczyć więcej.</numerusform>
            <numerusform>Najnowsze %n znalezione wiadomości; przewiń, aby zobaczyć więcej.</numerusform>
            <numerusform>Najnowszych %n znalezionych wiadomości; przewiń, aby zobaczyć więcej.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) found.</source>
        <translation>
            <numerusform>Znaleziono %n wiadomość.</numerusform>
            <numerusform>Znaleziono %n wiadomości.</numerusform>
            <numerusform>Znaleziono %n wiadomości.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusSelector</name>
    <message>
        <source>Available</source>
        <translation>Dostępny</translation>
    </message>
    <message>
        <source>Free for chat</source>
        <translation>Chętny do rozmowy</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Zaraz wracam</translation>
    </message>
    <message>
        <source>Extended away</source>
        <translation>Nieobecny</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Nie przeszkadzać</translation>
    </message>
    <message>
        <source>Your status</source>
        <translation>Twój status</translation>
    </message>
    <message>
        <source>Status message</source>
        <translation>Opis statusu</translation>
    </message>
    <message>
        <source>Your status message</source>
        <translation>Twój opis statusu</translation>
    </message>
    <message>
        <source>yesterday %1</source>
        <translation>wczoraj %1</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>rozłączony</translation>
    </message>
    <message>
        <source>no CSI support</source>
        <translation>brak obsługi CSI</translation>
    </message>
    <message>
        <source>active (by default)</source>
        <translation>aktywny (domyślnie)</translation>
    </message>
    <message>
        <source>What others are told</source>
        <translation>Co wiedzą inni</translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktywny</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>nieaktywny</translation>
    </message>
    <message>
        <source>no account connected</source>
        <translation>brak połączonego konta</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatycznie</translation>
    </message>
    <message>
        <source>idle since %1</source>
        <translation>bezczynność od: %1</translation>
    </message>
    <message>
        <source>server told: %1</source>
        <translation>zgłoszono serwerowi: %1</translation>
    </message>
</context>
</TS>
