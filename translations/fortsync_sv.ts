<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv_SE">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Fortsync</source>
        <translation>Om Fortsync</translation>
    </message>
    <message>
        <source>Keeps Upsales CRM and Fortnox accounting in sync: customers and companies, articles and products, won deals and invoices, orders and offers.</source>
        <translation>Håller Upsales CRM och Fortnox bokföring synkroniserade: kunder och företag, artiklar och produkter, vunna affärer och fakturor, order och offerter.</translation>
    </message>
    <message>
        <source>Licence: proprietary. © Fortsync.</source>
        <translation>Licens: proprietär. © Fortsync.</translation>
    </message>
    <message>
        <source>Built with Python {python}, Qt {qt} and PySide6 {pyside} (LGPLv3), httpx, SQLAlchemy, Alembic, keyring and truststore.</source>
        <translation>Byggd med Python {python}, Qt {qt} och PySide6 {pyside} (LGPLv3), httpx, SQLAlchemy, Alembic, keyring och truststore.</translation>
    </message>
    <message>
        <source>Upsales: &lt;a href=&quot;https://www.upsales.com&quot;&gt;upsales.com&lt;/a&gt; · Fortnox: &lt;a href=&quot;https://www.fortnox.se&quot;&gt;fortnox.se&lt;/a&gt; · Fortnox developer portal: &lt;a href=&quot;https://developer.fortnox.se&quot;&gt;developer.fortnox.se&lt;/a&gt;</source>
        <translation>Upsales: &lt;a href=&quot;https://www.upsales.com&quot;&gt;upsales.com&lt;/a&gt; · Fortnox: &lt;a href=&quot;https://www.fortnox.se&quot;&gt;fortnox.se&lt;/a&gt; · Fortnox utvecklarportal: &lt;a href=&quot;https://developer.fortnox.se&quot;&gt;developer.fortnox.se&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Logs: {path}</source>
        <translation>Loggar: {path}</translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message>
        <source>Choose a fallback user.</source>
        <translation>Välj en uppsamlingsanvändare.</translation>
    </message>
    <message>
        <source>{name} is no longer an active user in Upsales. Choose an active user.</source>
        <translation>{name} är inte längre en aktiv användare i Upsales. Välj en aktiv användare.</translation>
    </message>
    <message>
        <source>Choose the stage for won orders.</source>
        <translation>Välj fasen för vunna order.</translation>
    </message>
    <message>
        <source>The won stage must have 100 % probability: Fortnox gets the invoice or order when a deal reaches 100 %.</source>
        <translation>Vunnen order fas måste ha 100 % sannolikhet: fakturan eller ordern skapas i Fortnox när affären når 100 %.</translation>
    </message>
    <message>
        <source>This stage is excluded in Upsales (for example “won, but not to Fortnox”). Choose a stage that is not excluded.</source>
        <translation>Fasen är exkluderad i Upsales (till exempel ”vunnen, men inte till Fortnox”). Välj en fas som inte är exkluderad.</translation>
    </message>
    <message>
        <source>Choose the stage for lost orders.</source>
        <translation>Välj fasen för förlorade order.</translation>
    </message>
    <message>
        <source>The lost stage must differ from the won stage.</source>
        <translation>Förlorad order fas måste vara en annan än vunnen order fas.</translation>
    </message>
    <message>
        <source>The lost stage must have 0 % probability: it stands for a cancelled invoice or order.</source>
        <translation>Förlorad order fas måste ha 0 % sannolikhet: den motsvarar en makulerad faktura eller order.</translation>
    </message>
    <message>
        <source>Choose the stage for offers.</source>
        <translation>Välj fasen för offerter.</translation>
    </message>
    <message>
        <source>The offer stage must differ from the won and lost stages.</source>
        <translation>Offertfasen måste vara en annan än faserna för vunnen och förlorad order.</translation>
    </message>
    <message>
        <source>The offer stage must be an open stage, between 1 and 99 % probability.</source>
        <translation>Offertfasen måste vara en öppen fas, med mellan 1 och 99 % sannolikhet.</translation>
    </message>
    <message>
        <source>This stage is excluded in Upsales. Choose a stage that is not excluded.</source>
        <translation>Fasen är exkluderad i Upsales. Välj en fas som inte är exkluderad.</translation>
    </message>
    <message>
        <source>Choose the price list products get their prices from.</source>
        <translation>Välj prislistan som produkterna får sina priser från.</translation>
    </message>
    <message>
        <source>Fortsync may read and write {resources} in Fortnox.</source>
        <translation>Fortsync får läsa och skriva {resources} i Fortnox.</translation>
    </message>
    <message>
        <source>Fortnox refused access to {resource} ({detail}). The company needs the {licence} licence, and the integration must be approved with access to it. Add the licence in Fortnox, then go back and approve the integration again.</source>
        <translation>Fortnox nekade åtkomst till {resource} ({detail}). Företaget behöver licensen {licence}, och integrationen måste godkännas med åtkomst till den. Lägg till licensen i Fortnox, gå sedan tillbaka och godkänn integrationen igen.</translation>
    </message>
    <message>
        <source>Fortnox no longer accepts the authorisation. Go back to the Fortnox page and approve the integration again.</source>
        <translation>Fortnox godtar inte längre behörigheten. Gå tillbaka till sidan Fortnox och godkänn integrationen igen.</translation>
    </message>
    <message>
        <source>Fortsync could not check {resource} in Fortnox ({detail}). Run the checks again.</source>
        <translation>Fortsync kunde inte kontrollera {resource} i Fortnox ({detail}). Kör kontrollerna igen.</translation>
    </message>
    <message>
        <source>Fortsync could not fetch what this check needs from {service} ({detail}). Run the checks again.</source>
        <translation>Fortsync kunde inte hämta det som kontrollen behöver från {service} ({detail}). Kör kontrollerna igen.</translation>
    </message>
    <message>
        <source>The price list {code} ({description}) exists in Fortnox; the products get their prices from it.</source>
        <translation>Prislistan {code} ({description}) finns i Fortnox; produkterna får sina priser från den.</translation>
    </message>
    <message>
        <source>The price list {code} does not exist in Fortnox. Go back and choose another one.</source>
        <translation>Prislistan {code} finns inte i Fortnox. Gå tillbaka och välj en annan.</translation>
    </message>
    <message>
        <source>{name} ({probability} %): a deal that reaches this stage creates the invoice or order in Fortnox.</source>
        <translation>{name} ({probability} %): en affär som når den här fasen skapar fakturan eller ordern i Fortnox.</translation>
    </message>
    <message>
        <source>{name} ({probability} %): an invoice or order cancelled in Fortnox moves its Upsales order here.</source>
        <translation>{name} ({probability} %): en faktura eller order som makuleras i Fortnox flyttar sin order i Upsales hit.</translation>
    </message>
    <message>
        <source>{name} ({probability} %): a deal in this stage creates an offer in Fortnox.</source>
        <translation>{name} ({probability} %): en affär i den här fasen skapar en offert i Fortnox.</translation>
    </message>
    <message>
        <source>{name} is active and gets the documents whose Vår referens matches no Upsales user.</source>
        <translation>{name} är aktiv och får de dokument vars Vår referens inte matchar någon användare i Upsales.</translation>
    </message>
    <message>
        <source>No fields from the Upsales Fortnox app were found. Fortsync creates the fields it keeps Fortnox numbers in at the first synchronisation.</source>
        <translation>Inga fält från Upsales Fortnox-app hittades. Fortsync skapar fälten där Fortnox-numren sparas vid den första synkroniseringen.</translation>
    </message>
    <message>
        <source>The fields Fortsync keeps Fortnox numbers in already exist in Upsales: Fortsync created them at an earlier synchronisation and goes on using them.</source>
        <translation>Fälten där Fortsync sparar Fortnox-numren finns redan i Upsales: Fortsync skapade dem vid en tidigare synkronisering och fortsätter att använda dem.</translation>
    </message>
    <message>
        <source>The Upsales Fortnox app&apos;s fields are in use ({aliases}). Fortsync adopts the existing installation: records that already carry a Fortnox number are linked, not created again.</source>
        <translation>Fälten från Upsales Fortnox-app används ({aliases}). Fortsync tar över den befintliga installationen: poster som redan har ett Fortnox-nummer kopplas ihop och skapas inte igen.</translation>
    </message>
    <message>
        <source>If the Upsales Fortnox app is still active, turn it off in Upsales before the first synchronisation; otherwise both would create invoices and orders in Fortnox.</source>
        <translation>Om Upsales Fortnox-app fortfarande är aktiv, stäng av den i Upsales före den första synkroniseringen; annars skapar båda fakturor och order i Fortnox.</translation>
    </message>
    <message>
        <source>Permissions in Fortnox</source>
        <translation>Behörigheter i Fortnox</translation>
    </message>
    <message>
        <source>Access to {resource}</source>
        <translation>Åtkomst till {resource}</translation>
    </message>
    <message>
        <source>Price list</source>
        <translation>Prislista</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>Faser</translation>
    </message>
    <message>
        <source>Won order stage</source>
        <translation>Vunnen order fas</translation>
    </message>
    <message>
        <source>Lost order stage</source>
        <translation>Förlorad order fas</translation>
    </message>
    <message>
        <source>Offer stage</source>
        <translation>Offertfas</translation>
    </message>
    <message>
        <source>Fallback user</source>
        <translation>Uppsamlingsanvändare</translation>
    </message>
    <message>
        <source>The Upsales Fortnox app</source>
        <translation>Upsales Fortnox-app</translation>
    </message>
    <message>
        <source>Turn off the Upsales Fortnox app</source>
        <translation>Stäng av Upsales Fortnox-app</translation>
    </message>
    <message>
        <source>company information</source>
        <translation>företagsinformation</translation>
    </message>
    <message>
        <source>customers</source>
        <translation>kunder</translation>
    </message>
    <message>
        <source>articles</source>
        <translation>artiklar</translation>
    </message>
    <message>
        <source>price lists</source>
        <translation>prislistor</translation>
    </message>
    <message>
        <source>invoices</source>
        <translation>fakturor</translation>
    </message>
    <message>
        <source>orders</source>
        <translation>order</translation>
    </message>
    <message>
        <source>offers</source>
        <translation>offerter</translation>
    </message>
    <message>
        <source>{items} and {last}</source>
        <translation>{items} och {last}</translation>
    </message>
</context>
<context>
    <name>ChecksPage</name>
    <message>
        <source>Checks and preview</source>
        <translation>Kontroller och förhandsgranskning</translation>
    </message>
    <message>
        <source>Fortsync checks that everything the synchronisation needs is in place before anything is written.</source>
        <translation>Fortsync kontrollerar att allt som synkroniseringen behöver finns på plats innan något skrivs.</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>Kontroller</translation>
    </message>
    <message>
        <source>&amp;Run the checks again</source>
        <translation>&amp;Kör kontrollerna igen</translation>
    </message>
    <message>
        <source>Preview of the first synchronisation</source>
        <translation>Förhandsgranskning av den första synkroniseringen</translation>
    </message>
    <message>
        <source>Checking Upsales and Fortnox…</source>
        <translation>Kontrollerar Upsales och Fortnox…</translation>
    </message>
    <message>
        <source>Fix the problems marked in red, then run the checks again.</source>
        <translation>Åtgärda problemen som är markerade med rött och kör sedan kontrollerna igen.</translation>
    </message>
    <message>
        <source>Everything is in place.</source>
        <translation>Allt är på plats.</translation>
    </message>
    <message>
        <source>Planning the first synchronisation without writing anything…</source>
        <translation>Planerar den första synkroniseringen utan att skriva något…</translation>
    </message>
</context>
<context>
    <name>ConflictsView</name>
    <message>
        <source>(empty)</source>
        <translation>(tomt)</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nej</translation>
    </message>
    <message>
        <source>Both Upsales and Fortnox changed these fields since the last sync. Select one or more rows and choose which value is right; the next sync writes it to the other side.</source>
        <translation>Både Upsales och Fortnox har ändrat de här fälten sedan förra synkroniseringen. Markera en eller flera rader och välj vilket värde som stämmer; nästa synkronisering skriver det till den andra sidan.</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Post</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Fält</translation>
    </message>
    <message>
        <source>Value in Upsales</source>
        <translation>Värde i Upsales</translation>
    </message>
    <message>
        <source>Value in Fortnox</source>
        <translation>Värde i Fortnox</translation>
    </message>
    <message>
        <source>No conflicts to review.</source>
        <translation>Inga konflikter att granska.</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>&amp;Markera alla</translation>
    </message>
    <message>
        <source>Use &amp;Upsales</source>
        <translation>Använd &amp;Upsales</translation>
    </message>
    <message>
        <source>Use Fort&amp;nox</source>
        <translation>Använd Fort&amp;nox</translation>
    </message>
    <message>
        <source>Al&amp;ways do this for this field</source>
        <translation>&amp;Gör alltid så för det här fältet</translation>
    </message>
    <message>
        <source>Forget the &amp;rule</source>
        <translation>Glöm r&amp;egeln</translation>
    </message>
    <message>
        <source>Decided: {field} of {record} keeps the value from {side}, {value}. The change is made at the next sync.</source>
        <translation>Avgjort: {field} för {record} behåller värdet från {side}, {value}. Ändringen görs vid nästa synkronisering.</translation>
    </message>
    <message numerus="yes">
        <source>Decided %n conflict(s): the values from {side} are kept. The changes are made at the next sync.</source>
        <translation>
            <numerusform>Avgjort: %n konflikt, värdet från {side} behålls. Ändringen görs vid nästa synkronisering.</numerusform>
            <numerusform>Avgjort: %n konflikter, värdena från {side} behålls. Ändringarna görs vid nästa synkronisering.</numerusform>
        </translation>
    </message>
    <message>
        <source>Later conflicts in the same field are decided the same way without asking. You can forget the rule below.</source>
        <translation>Senare konflikter i samma fält avgörs på samma sätt utan att du tillfrågas. Du kan glömma regeln nedan.</translation>
    </message>
    <message>
        <source>Decided, written at the next sync</source>
        <translation>Avgjorda, skrivs vid nästa synkronisering</translation>
    </message>
    <message>
        <source>Value to keep</source>
        <translation>Värde som behålls</translation>
    </message>
    <message>
        <source>Fields that are always decided the same way</source>
        <translation>Fält som alltid avgörs på samma sätt</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Always use</source>
        <translation>Använd alltid</translation>
    </message>
    <message>
        <source>{value} (from {side})</source>
        <translation>{value} (från {side})</translation>
    </message>
    <message>
        <source>Later conflicts in the same field are decided the same way.</source>
        <translation>Senare konflikter i samma fält avgörs på samma sätt.</translation>
    </message>
    <message>
        <source>The rule is forgotten: you decide later conflicts in that field yourself.</source>
        <translation>Regeln är glömd: du avgör själv senare konflikter i det fältet.</translation>
    </message>
</context>
<context>
    <name>DeletionsView</name>
    <message>
        <source>A record deleted on one side is never deleted on the other by itself. Decide here; the next sync carries out what you confirm.</source>
        <translation>En post som tas bort på ena sidan tas aldrig bort på den andra av sig själv. Bestäm här; nästa synkronisering utför det du bekräftar.</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Vad som hänt</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>No deletions to review.</source>
        <translation>Inga borttagningar att granska.</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(utan namn)</translation>
    </message>
    <message>
        <source>Customer {number} was deleted in Fortnox — the customer number has been removed from the company {name}. Delete the company in Upsales too?</source>
        <translation>Kunden {number} togs bort i Fortnox — kundnumret har tagits bort från företaget {name}. Ta bort företaget i Upsales också?</translation>
    </message>
    <message>
        <source>The company {name} was deleted in Upsales — the link to customer {number} has been removed. The customer stays in Fortnox: a sync never deletes customers from the books.</source>
        <translation>Företaget {name} togs bort i Upsales — kopplingen till kunden {number} har tagits bort. Kunden finns kvar i Fortnox: en synkronisering tar aldrig bort kunder ur bokföringen.</translation>
    </message>
    <message>
        <source>{kind} {name} was deleted on the other side. Delete it here too?</source>
        <translation>{kind} {name} togs bort på andra sidan. Ta bort den här också?</translation>
    </message>
    <message>
        <source>Confirmed: deleted at the next sync</source>
        <translation>Bekräftad: tas bort vid nästa synkronisering</translation>
    </message>
    <message>
        <source>Waiting for your decision</source>
        <translation>Väntar på ditt beslut</translation>
    </message>
    <message>
        <source>articles</source>
        <translation>artiklar</translation>
    </message>
    <message>
        <source>customers</source>
        <translation>kunder</translation>
    </message>
    <message>
        <source>companies</source>
        <translation>företag</translation>
    </message>
    <message>
        <source>The company {name} will be deleted in Upsales at the next sync, with its history there.

This cannot be undone. Delete it?</source>
        <translation>Företaget {name} tas bort i Upsales vid nästa synkronisering, med sin historik där.

Det går inte att ångra. Ta bort det?</translation>
    </message>
    <message>
        <source>Delete in Upsales</source>
        <translation>Ta bort i Upsales</translation>
    </message>
    <message>
        <source>These companies will be deleted in Upsales at the next sync, with their history there:

{names}

This cannot be undone. Delete them?</source>
        <translation>De här företagen tas bort i Upsales vid nästa synkronisering, med sin historik där:

{names}

Det går inte att ångra. Ta bort dem?</translation>
    </message>
    <message>
        <source>Allow &amp;once and sync…</source>
        <translation>Tillåt en gån&amp;g och synka…</translation>
    </message>
    <message>
        <source>Delete in &amp;Upsales too…</source>
        <translation>Ta bort i &amp;Upsales också…</translation>
    </message>
    <message>
        <source>&amp;Keep</source>
        <translation>B&amp;ehåll</translation>
    </message>
    <message>
        <source>The last sync stopped before writing anything: it would have removed or unlinked {records}, more than the limit of {threshold}. This can mean that the wrong account is connected or that many records were deleted by mistake. Check in Fortnox and Upsales; if the deletions are right, allow them once.</source>
        <translation>Den senaste synkroniseringen stoppades innan något skrevs: den skulle ha tagit bort eller avlänkat {records}, fler än gränsen {threshold}. Det kan betyda att fel konto är anslutet eller att många poster tagits bort av misstag. Kontrollera i Fortnox och Upsales; stämmer borttagningarna kan du tillåta dem en gång.</translation>
    </message>
    <message>
        <source>The last sync stopped before writing anything: {service} lists no {records} at all, although {linked}. Check that the right account is connected and that Fortsync still has access; allow the sync once only if the account really was emptied.</source>
        <translation>Den senaste synkroniseringen stoppades innan något skrevs: {service} listar inga {records} alls, fast {linked}. Kontrollera att rätt konto är anslutet och att Fortsync fortfarande har åtkomst; tillåt synkroniseringen en gång bara om kontot verkligen har tömts.</translation>
    </message>
    <message numerus="yes">
        <source>%n are linked</source>
        <translation>
            <numerusform>%n är länkad</numerusform>
            <numerusform>%n är länkade</numerusform>
        </translation>
    </message>
    <message>
        <source>Confirmed: the change is made at the next sync, which deletes the company in Upsales. Until then you can still keep it.</source>
        <translation>Bekräftat: ändringen görs vid nästa synkronisering, som tar bort företaget i Upsales. Till dess kan du fortfarande behålla det.</translation>
    </message>
    <message>
        <source>Kept: nothing is deleted. The company stays in Upsales without a customer number and gets a new customer in Fortnox at its next won sale.</source>
        <translation>Behålls: ingenting tas bort. Företaget finns kvar i Upsales utan kundnummer och får en ny kund i Fortnox vid nästa vunna affär.</translation>
    </message>
    <message>
        <source>Allow the deletions</source>
        <translation>Tillåt borttagningarna</translation>
    </message>
    <message>
        <source>The next sync will remove the links (and customer numbers) the guard stopped. Companies are still never deleted without your confirmation here. Continue?</source>
        <translation>Nästa synkronisering tar bort de länkar (och kundnummer) som spärren stoppade. Företag tas fortfarande aldrig bort utan din bekräftelse här. Fortsätta?</translation>
    </message>
</context>
<context>
    <name>DemoHint</name>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopiera</translation>
    </message>
    <message>
        <source>New &amp;code</source>
        <translation>N&amp;y kod</translation>
    </message>
    <message>
        <source>A code can be used once and is valid for 10 minutes</source>
        <translation>En kod kan användas en gång och gäller i 10 minuter</translation>
    </message>
</context>
<context>
    <name>DesktopIntegration</name>
    <message>
        <source>Start Fortsync at &amp;login</source>
        <translation>Starta Fortsync vid &amp;inloggning</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Avsluta</translation>
    </message>
    <message>
        <source>S&amp;chedule…</source>
        <translation>S&amp;chema…</translation>
    </message>
    <message>
        <source>&amp;Pause synchronisation</source>
        <translation>&amp;Pausa synkronisering</translation>
    </message>
    <message>
        <source>Sync &amp;all profiles now</source>
        <translation>Synka &amp;alla profiler nu</translation>
    </message>
    <message>
        <source>Show &amp;logs</source>
        <translation>Visa &amp;loggar</translation>
    </message>
    <message>
        <source>Create &amp;support bundle…</source>
        <translation>Skapa &amp;supportpaket…</translation>
    </message>
    <message>
        <source>&amp;About Fortsync</source>
        <translation>&amp;Om Fortsync</translation>
    </message>
    <message>
        <source>Fortsync keeps running</source>
        <translation>Fortsync fortsätter att köra</translation>
    </message>
    <message>
        <source>Scheduled syncs go on in the background. Open Fortsync or quit it from its icon in the system tray.</source>
        <translation>Schemalagda synkroniseringar fortsätter i bakgrunden. Öppna eller avsluta Fortsync från dess ikon i systemfältet.</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Done</source>
        <translation>Klart</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Sammanfattning</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>Profil:</translation>
    </message>
    <message>
        <source>Upsales:</source>
        <translation>Upsales:</translation>
    </message>
    <message>
        <source>Fortnox:</source>
        <translation>Fortnox:</translation>
    </message>
    <message>
        <source>Module to sync:</source>
        <translation>Modul att synka:</translation>
    </message>
    <message>
        <source>Fallback user:</source>
        <translation>Uppsamlingsanvändare:</translation>
    </message>
    <message>
        <source>Won order stage:</source>
        <translation>Vunnen order fas:</translation>
    </message>
    <message>
        <source>Lost order stage:</source>
        <translation>Förlorad order fas:</translation>
    </message>
    <message>
        <source>Offer stage:</source>
        <translation>Offertfas:</translation>
    </message>
    <message>
        <source>Price list:</source>
        <translation>Prislista:</translation>
    </message>
    <message>
        <source>Send won deals from:</source>
        <translation>Skicka vunna affärer från:</translation>
    </message>
    <message>
        <source>Duplicate matching:</source>
        <translation>Dubblettmatchning:</translation>
    </message>
    <message>
        <source>&amp;Start the first sync now</source>
        <translation>&amp;Starta den första synkroniseringen nu</translation>
    </message>
    <message>
        <source>Fortsync is set up. Check the summary and click {finish} to save the profile.</source>
        <translation>Fortsync är konfigurerat. Kontrollera sammanfattningen och klicka på {finish} för att spara profilen.</translation>
    </message>
    <message>
        <source>Not used</source>
        <translation>Används inte</translation>
    </message>
    <message>
        <source>Nothing has been synchronised yet. The first sync imports Fortnox customers, articles and documents into Upsales; deals won in Upsales before {date} are not sent to Fortnox, as they were sold before Fortsync and are most likely invoiced already. The profile keeps these settings; the Upsales API key and the Fortnox authorisation are in this computer&apos;s password manager. You can change the settings later with Change settings…</source>
        <translation>Inget har synkroniserats än. Den första synkroniseringen hämtar Fortnox kunder, artiklar och dokument till Upsales; affärer som vunnits i Upsales före {date} skickas inte till Fortnox, eftersom de såldes före Fortsync och troligen redan är fakturerade. Profilen sparar de här inställningarna; Upsales API-nyckel och Fortnox-behörigheten ligger i datorns lösenordshanterare. Du kan ändra inställningarna senare med Ändra inställningar…</translation>
    </message>
    <message>
        <source>Not needed: Upsales has no companies, products or orders yet</source>
        <translation>Behövs inte: Upsales har inga företag, produkter eller order ännu</translation>
    </message>
    <message>
        <source>Yes, existing companies and products are matched before the first import</source>
        <translation>Ja, befintliga företag och produkter matchas före den första importen</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nej</translation>
    </message>
</context>
<context>
    <name>ErrorsView</name>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Namn</translation>
    </message>
    <message>
        <source>Reason and what to do</source>
        <translation>Orsak och vad du kan göra</translation>
    </message>
    <message>
        <source>Tried to</source>
        <translation>Försökte</translation>
    </message>
    <message>
        <source>No sync has run yet.</source>
        <translation>Ingen synkronisering har körts än.</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) could not be synced in the run of {time}. Correct them in Upsales or Fortnox and sync again.</source>
        <translation>
            <numerusform>%n post kunde inte synkroniseras i körningen {time}. Rätta den i Upsales eller Fortnox och synka igen.</numerusform>
            <numerusform>%n poster kunde inte synkroniseras i körningen {time}. Rätta dem i Upsales eller Fortnox och synka igen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing failed in the latest run ({time}).</source>
        <translation>Inget misslyckades i den senaste körningen ({time}).</translation>
    </message>
</context>
<context>
    <name>ExistingDataNotice</name>
    <message>
        <source>Existing data in Upsales</source>
        <translation>Befintliga data i Upsales</translation>
    </message>
    <message>
        <source>&amp;Match existing companies and products against Fortnox before the first import (recommended)</source>
        <translation>&amp;Matcha befintliga företag och produkter mot Fortnox före den första importen (rekommenderas)</translation>
    </message>
    <message>
        <source>Fortsync pairs them by organisation number and existing Fortnox customer number and lets you confirm suggestions by name or e-mail, instead of creating a second copy of each.</source>
        <translation>Fortsync parar ihop dem på organisationsnummer och befintligt kundnummer i Fortnox och låter dig bekräfta förslag utifrån namn eller e-post, i stället för att skapa en kopia till av var och en.</translation>
    </message>
    <message>
        <source>If your Upsales account already has companies, products or orders, the first synchronisation may create duplicates. Fortsync counts them as soon as Upsales is connected and offers to match them against Fortnox first.</source>
        <translation>Om ditt Upsales-konto redan har företag, produkter eller order kan den första synkroniseringen skapa dubbletter. Fortsync räknar dem så snart Upsales är anslutet och erbjuder att först matcha dem mot Fortnox.</translation>
    </message>
    <message>
        <source>Your Upsales account already has {companies}, {products} and {orders}. Importing from Fortnox without matching them first may create duplicates.</source>
        <translation>Ditt Upsales-konto har redan {companies}, {products} och {orders}. Att importera från Fortnox utan att först matcha dem kan skapa dubbletter.</translation>
    </message>
    <message numerus="yes">
        <source>%n company(ies)</source>
        <translation>
            <numerusform>%n företag</numerusform>
            <numerusform>%n företag</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n product(s)</source>
        <translation>
            <numerusform>%n produkt</numerusform>
            <numerusform>%n produkter</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n order</numerusform>
            <numerusform>%n order</numerusform>
        </translation>
    </message>
    <message>
        <source>Your Upsales account has no companies, products or orders yet, so the first import cannot create duplicates.</source>
        <translation>Ditt Upsales-konto har inga företag, produkter eller order ännu, så den första importen kan inte skapa dubbletter.</translation>
    </message>
</context>
<context>
    <name>FortnoxPage</name>
    <message>
        <source>Connect Fortnox</source>
        <translation>Anslut Fortnox</translation>
    </message>
    <message>
        <source>Approve Fortsync as an integration in Fortnox; Fortsync then receives a code, the API code, that gives it access.</source>
        <translation>Godkänn Fortsync som integration i Fortnox; Fortsync får då en kod, API-koden, som ger åtkomst.</translation>
    </message>
    <message>
        <source>Log in to Fortnox</source>
        <translation>Logga in i Fortnox</translation>
    </message>
    <message>
        <source>Quickest: click Log in to Fortnox. The browser opens Fortnox; log in and click Godkänn. Fortsync receives the code by itself.</source>
        <translation>Snabbast: klicka på Logga in i Fortnox. Webbläsaren öppnar Fortnox; logga in och klicka på Godkänn. Fortsync tar emot koden av sig självt.</translation>
    </message>
    <message>
        <source>Or paste the API code</source>
        <translation>Eller klistra in API-koden</translation>
    </message>
    <message>
        <source>In Fortnox, click your user id at the top right and choose Administrera användare.</source>
        <translation>I Fortnox: klicka på ditt användar-id uppe till höger och välj Administrera användare.</translation>
    </message>
    <message>
        <source>Click the Lägg till integration button. The window Ny integration opens.</source>
        <translation>Klicka på knappen Lägg till integration. Fönstret Ny integration öppnas.</translation>
    </message>
    <message>
        <source>Search for Fortsync and click on it.</source>
        <translation>Sök efter Fortsync och klicka på den.</translation>
    </message>
    <message>
        <source>Approve the integration by clicking Godkänn.</source>
        <translation>Godkänn integrationen genom att klicka på Godkänn.</translation>
    </message>
    <message>
        <source>Fortnox shows your API code (API-kod). Copy it and paste it below. The code is valid for 10 minutes and can be used once.</source>
        <translation>Fortnox visar din API-kod. Kopiera den och klistra in den nedan. Koden gäller i 10 minuter och kan användas en gång.</translation>
    </message>
    <message>
        <source>Demo: this is an API code from the sandbox&apos;s Fortnox. Copy it and paste it into the field below, or click Log in to Fortnox.</source>
        <translation>Demo: det här är en API-kod från sandlådans Fortnox. Kopiera den och klistra in den i fältet nedan, eller klicka på Logga in i Fortnox.</translation>
    </message>
    <message>
        <source>Paste the API code from Fortnox</source>
        <translation>Klistra in API-koden från Fortnox</translation>
    </message>
    <message>
        <source>&amp;Log in to Fortnox</source>
        <translation>&amp;Logga in i Fortnox</translation>
    </message>
    <message>
        <source>Cancel &amp;sign-in</source>
        <translation>Avbryt &amp;inloggningen</translation>
    </message>
    <message>
        <source>&amp;API code:</source>
        <translation>A&amp;PI-kod:</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Testa anslutning</translation>
    </message>
    <message>
        <source>The authorisation is saved in this computer&apos;s password manager, and only after the test has succeeded.</source>
        <translation>Behörigheten sparas i datorns lösenordshanterare, och först när testet har lyckats.</translation>
    </message>
    <message>
        <source>Checking the saved Fortnox authorisation…</source>
        <translation>Kontrollerar den sparade behörigheten för Fortnox…</translation>
    </message>
    <message>
        <source>Paste the API code from Fortnox first.</source>
        <translation>Klistra in API-koden från Fortnox först.</translation>
    </message>
    <message>
        <source>Exchanging the API code with Fortnox…</source>
        <translation>Växlar in API-koden hos Fortnox…</translation>
    </message>
    <message>
        <source>Under Advanced, fill in both the client id and the client secret of your own Fortnox app, or neither.</source>
        <translation>Fyll i både klient-id och klienthemlighet för er egen Fortnox-app under Avancerat, eller inget av dem.</translation>
    </message>
    <message>
        <source>This copy of Fortsync has no Fortnox app registration built in. Under Advanced, enter the client id and client secret of your own app from Fortnox&apos;s developer portal.</source>
        <translation>Den här kopian av Fortsync har ingen inbyggd Fortnox-app. Ange klient-id och klienthemlighet för er egen app från Fortnox utvecklarportal under Avancerat.</translation>
    </message>
    <message>
        <source>Advanced: your own Fortnox app</source>
        <translation>Avancerat: egen Fortnox-app</translation>
    </message>
    <message>
        <source>Only for accounting bureaus with their own app registration in Fortnox&apos;s developer portal. Leave empty to use Fortsync&apos;s built-in app. The client secret is saved in the password manager.</source>
        <translation>Bara för redovisningsbyråer med en egen app i Fortnox utvecklarportal. Lämna tomt för att använda Fortsyncs inbyggda app. Klienthemligheten sparas i lösenordshanteraren.</translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation>Klient-id</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Klienthemlighet</translation>
    </message>
    <message>
        <source>Client ID:</source>
        <translation>Klient-id:</translation>
    </message>
    <message>
        <source>Client secret:</source>
        <translation>Klienthemlighet:</translation>
    </message>
    <message>
        <source>Register this redirect address with your app: {uri}</source>
        <translation>Registrera den här omdirigeringsadressen för er app: {uri}</translation>
    </message>
    <message>
        <source>Another program on this computer uses port {port}, where Fortnox sends you back after the sign-in. Paste the API code below instead, or close that program and try again.</source>
        <translation>Ett annat program på den här datorn använder port {port}, dit Fortnox skickar dig tillbaka efter inloggningen. Klistra in API-koden nedan i stället, eller stäng det programmet och försök igen.</translation>
    </message>
    <message>
        <source>Fortsync could not open the browser. Paste the API code instead.</source>
        <translation>Fortsync kunde inte öppna webbläsaren. Klistra in API-koden i stället.</translation>
    </message>
    <message>
        <source>Waiting for you to approve Fortsync in the browser…</source>
        <translation>Väntar på att du godkänner Fortsync i webbläsaren…</translation>
    </message>
    <message>
        <source>Connected to Fortnox: {company} ({org_no}). The authorisation is saved in the password manager.</source>
        <translation>Ansluten till Fortnox: {company} ({org_no}). Behörigheten är sparad i lösenordshanteraren.</translation>
    </message>
    <message>
        <source>{error} The connection saved before still works: Fortsync keeps using it ({company}). You can go on.</source>
        <translation>{error} Anslutningen som sparades tidigare fungerar fortfarande: Fortsync fortsätter att använda den ({company}). Du kan gå vidare.</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>Run</source>
        <translation>Körning</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Startad</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultat</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>Vad som gjordes</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Tid</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Åtgärd</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Namn</translation>
    </message>
    <message>
        <source>Upsales id</source>
        <translation>Upsales-id</translation>
    </message>
    <message>
        <source>Fortnox id</source>
        <translation>Fortnox-id</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Orsak</translation>
    </message>
    <message>
        <source>E&amp;xport to CSV…</source>
        <translation>&amp;Exportera till CSV…</translation>
    </message>
    <message>
        <source> (dry run)</source>
        <translation> (provkörning)</translation>
    </message>
    <message>
        <source>Reading the run&apos;s records…</source>
        <translation>Läser körningens poster…</translation>
    </message>
    <message>
        <source>The run&apos;s records could not be read ({detail}).</source>
        <translation>Körningens poster kunde inte läsas ({detail}).</translation>
    </message>
    <message>
        <source>Export the run</source>
        <translation>Exportera körningen</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-filer (*.csv)</translation>
    </message>
    <message>
        <source>Saving {file}…</source>
        <translation>Sparar {file}…</translation>
    </message>
    <message>
        <source>The run was saved as {file}.</source>
        <translation>Körningen sparades som {file}.</translation>
    </message>
    <message>
        <source>The file could not be saved ({detail}). Choose another folder and try again.</source>
        <translation>Filen kunde inte sparas ({detail}). Välj en annan mapp och försök igen.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Fortsync</source>
        <translation>Fortsync</translation>
    </message>
    <message>
        <source>Remove profile</source>
        <translation>Ta bort profil</translation>
    </message>
    <message>
        <source>Remove the profile {name}? Its settings, history and saved sign-ins on this computer are removed. Nothing is changed in Upsales or Fortnox.</source>
        <translation>Ta bort profilen {name}? Dess inställningar, historik och sparade inloggningar på den här datorn tas bort. Inget ändras i Upsales eller Fortnox.</translation>
    </message>
    <message>
        <source>The profile {name} is removed, but its saved sign-ins could not be removed from this computer&apos;s password manager. Unlock the password manager and remove the entries for Fortsync by hand.</source>
        <translation>Profilen {name} är borttagen, men dess sparade inloggningar kunde inte tas bort ur datorns lösenordshanterare. Lås upp lösenordshanteraren och ta bort Fortsyncs poster för hand.</translation>
    </message>
    <message>
        <source>Sync in progress</source>
        <translation>Synkronisering pågår</translation>
    </message>
    <message>
        <source>A sync is running. Stop it after the current step and close Fortsync? Everything written so far is kept; the next sync carries on without duplicates.</source>
        <translation>En synkronisering pågår. Vill du avbryta den efter pågående steg och stänga Fortsync? Allt som redan skrivits sparas; nästa synkronisering fortsätter utan dubbletter.</translation>
    </message>
    <message>
        <source>Upsales: connected</source>
        <translation>Upsales: ansluten</translation>
    </message>
    <message>
        <source>Fortnox: connected</source>
        <translation>Fortnox: ansluten</translation>
    </message>
    <message>
        <source>Upsales: syncing…</source>
        <translation>Upsales: synkar…</translation>
    </message>
    <message>
        <source>Fortnox: syncing…</source>
        <translation>Fortnox: synkar…</translation>
    </message>
    <message>
        <source>Upsales: not synced yet</source>
        <translation>Upsales: inte synkad än</translation>
    </message>
    <message>
        <source>Fortnox: not synced yet</source>
        <translation>Fortnox: inte synkad än</translation>
    </message>
    <message>
        <source>Upsales: the API key does not work</source>
        <translation>Upsales: API-nyckeln fungerar inte</translation>
    </message>
    <message>
        <source>P&amp;rofile:</source>
        <translation>P&amp;rofil:</translation>
    </message>
    <message>
        <source>Change &amp;settings…</source>
        <translation>Ändra &amp;inställningar…</translation>
    </message>
    <message>
        <source>O&amp;verview</source>
        <translation>&amp;Översikt</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>&amp;Logg</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arkiv</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>S&amp;ynk</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hjälp</translation>
    </message>
    <message>
        <source>&amp;New profile…</source>
        <translation>&amp;Ny profil…</translation>
    </message>
    <message>
        <source>&amp;Remove the profile…</source>
        <translation>&amp;Ta bort profilen…</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>&amp;Uppdatera</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Avsluta</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>&amp;Synka nu</translation>
    </message>
    <message>
        <source>&amp;Preview (writes nothing)</source>
        <translation>&amp;Provkör (skriver inget)</translation>
    </message>
    <message>
        <source>&amp;Cancel the sync</source>
        <translation>&amp;Avbryt synkroniseringen</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Kortkommandon</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Kortkommandon</translation>
    </message>
    <message>
        <source>Ctrl+R: Sync now
Ctrl+Shift+R: Preview (writes nothing)
F5: read everything again
Ctrl+N: New profile…
Ctrl+Q: Quit
Alt and the underlined letter: that button, field, tab or menu</source>
        <translation>Ctrl+R: Synka nu
Ctrl+Shift+R: Provkör (skriver inget)
F5: läs in allt igen
Ctrl+N: Ny profil…
Ctrl+Q: Avsluta
Alt och den understrukna bokstaven: den knappen, det fältet, den fliken eller den menyn</translation>
    </message>
    <message>
        <source>{title} – draft</source>
        <translation>{title} – utkast</translation>
    </message>
    <message>
        <source>Remove the draft {name}? Its saved Upsales API key and Fortnox sign-in are removed from this computer. Nothing is changed in Upsales or Fortnox.</source>
        <translation>Ta bort utkastet {name}? Dess sparade API-nyckel för Upsales och inloggning i Fortnox tas bort från den här datorn. Inget ändras i Upsales eller Fortnox.</translation>
    </message>
    <message>
        <source>&amp;Conflicts</source>
        <translation>&amp;Konflikter</translation>
    </message>
    <message>
        <source>&amp;Deletions</source>
        <translation>B&amp;orttagningar</translation>
    </message>
    <message>
        <source>D&amp;uplicates</source>
        <translation>&amp;Dubbletter</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>His&amp;torik</translation>
    </message>
    <message>
        <source>&amp;Errors</source>
        <translation>&amp;Fel</translation>
    </message>
    <message>
        <source>Fortnox: sign-in expired or revoked</source>
        <translation>Fortnox: inloggningen har gått ut eller återkallats</translation>
    </message>
    <message>
        <source>Fortnox: permission missing</source>
        <translation>Fortnox: behörighet saknas</translation>
    </message>
    <message>
        <source>Upsales: no contact</source>
        <translation>Upsales: ingen kontakt</translation>
    </message>
    <message>
        <source>Fortnox: no contact</source>
        <translation>Fortnox: ingen kontakt</translation>
    </message>
    <message>
        <source>Last sync: {time}</source>
        <translation>Senaste synk: {time}</translation>
    </message>
    <message>
        <source>Last sync: never</source>
        <translation>Senaste synk: aldrig</translation>
    </message>
    <message>
        <source>Upsales: the password manager cannot be read</source>
        <translation>Upsales: lösenordshanteraren kan inte läsas</translation>
    </message>
    <message>
        <source>Fortnox: the password manager cannot be read</source>
        <translation>Fortnox: lösenordshanteraren kan inte läsas</translation>
    </message>
    <message>
        <source>Upsales: no API key saved</source>
        <translation>Upsales: ingen API-nyckel sparad</translation>
    </message>
    <message>
        <source>Fortnox: not signed in</source>
        <translation>Fortnox: inte inloggad</translation>
    </message>
    <message>
        <source>Fortnox: the sign-in has expired</source>
        <translation>Fortnox: inloggningen har gått ut</translation>
    </message>
    <message>
        <source>{state}, sign-in valid until {date}</source>
        <translation>{state}, inloggningen gäller till {date}</translation>
    </message>
    <message>
        <source>{state}, the sign-in expires {date}: sync before then</source>
        <translation>{state}, inloggningen går ut {date}: synka innan dess</translation>
    </message>
</context>
<context>
    <name>MatchesView</name>
    <message>
        <source>These Fortnox customers may already exist as companies in Upsales. Link them, or let Fortsync create a new company. Nothing is created while a suggestion waits.</source>
        <translation>De här Fortnox-kunderna kan redan finnas som företag i Upsales. Länka dem, eller låt Fortsync skapa ett nytt företag. Inget skapas medan ett förslag väntar.</translation>
    </message>
    <message>
        <source>Fortnox customer</source>
        <translation>Fortnox-kund</translation>
    </message>
    <message>
        <source>Upsales company</source>
        <translation>Upsales-företag</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Varför</translation>
    </message>
    <message>
        <source>No possible duplicates to review.</source>
        <translation>Inga möjliga dubbletter att granska.</translation>
    </message>
    <message>
        <source>Same company: &amp;link</source>
        <translation>Samma företag: lä&amp;nka</translation>
    </message>
    <message>
        <source>Not the same: create a new &amp;company</source>
        <translation>Inte samma: skapa ett nytt företa&amp;g</translation>
    </message>
    <message>
        <source>Same organisation number</source>
        <translation>Samma organisationsnummer</translation>
    </message>
    <message>
        <source>The company already has this customer number</source>
        <translation>Företaget har redan det här kundnumret</translation>
    </message>
    <message>
        <source>Same e-mail domain</source>
        <translation>Samma e-postdomän</translation>
    </message>
    <message>
        <source>Similar name</source>
        <translation>Liknande namn</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Fortsync could not reach {service}. Check the internet connection and try again.</source>
        <translation>Fortsync når inte {service}. Kontrollera internetanslutningen och försök igen.</translation>
    </message>
    <message>
        <source>The connection to {service} broke off during a write, so it may have gone through. Fortsync checks it before doing it again. Check the internet connection and try again.</source>
        <translation>Anslutningen till {service} bröts under en skrivning, så den kan ha gått igenom. Fortsync kontrollerar den innan den görs igen. Kontrollera internetanslutningen och försök igen.</translation>
    </message>
    <message>
        <source>{service} answered with something Fortsync does not understand. Try again in a while; if it keeps happening, contact {service}&apos;s support.</source>
        <translation>{service} svarade med något som Fortsync inte förstår. Försök igen om en stund; om det fortsätter, kontakta supporten för {service}.</translation>
    </message>
    <message>
        <source>{service} has a problem right now (server error). Try again in a while.</source>
        <translation>{service} har problem just nu (serverfel). Försök igen om en stund.</translation>
    </message>
    <message>
        <source>{service} is receiving too many requests right now. Wait a minute and try again.</source>
        <translation>{service} tar emot för många anrop just nu. Vänta en minut och försök igen.</translation>
    </message>
    <message>
        <source>{service} did not find what Fortsync asked for ({detail}).</source>
        <translation>{service} hittade inte det som Fortsync frågade efter ({detail}).</translation>
    </message>
    <message>
        <source>{service} refused the request: {detail}</source>
        <translation>{service} avvisade anropet: {detail}</translation>
    </message>
    <message>
        <source>{service} answered with an error: {detail}</source>
        <translation>{service} svarade med ett fel: {detail}</translation>
    </message>
    <message>
        <source>Fortsync only sends keys to {service} over https:// (plain http:// only to this computer): {detail}. Check the address.</source>
        <translation>Fortsync skickar nycklar till {service} bara över https:// (vanlig http:// bara till den egna datorn): {detail}. Kontrollera adressen.</translation>
    </message>
    <message>
        <source>Upsales did not accept the API key. Check that you copied the whole key, or create a new key in Upsales and paste it here.</source>
        <translation>Upsales godtog inte API-nyckeln. Kontrollera att du kopierade hela nyckeln, eller skapa en ny nyckel i Upsales och klistra in den här.</translation>
    </message>
    <message>
        <source>The API key lacks rights that Fortsync needs ({detail}). Create the key as an administrator in Upsales.</source>
        <translation>API-nyckeln saknar rättigheter som Fortsync behöver ({detail}). Skapa nyckeln som administratör i Upsales.</translation>
    </message>
    <message>
        <source>The code has expired or has already been used. Approve the integration again and paste the new API code.</source>
        <translation>Koden har gått ut eller redan använts. Godkänn integrationen igen och klistra in den nya API-koden.</translation>
    </message>
    <message>
        <source>Fortnox did not recognise Fortsync&apos;s app registration (client id or secret). Check the profile&apos;s Fortnox app settings.</source>
        <translation>Fortnox kände inte igen Fortsyncs appregistrering (klient-id eller hemlighet). Kontrollera profilens inställningar för Fortnox-appen.</translation>
    </message>
    <message>
        <source>Fortnox no longer accepts the authorisation. Approve the integration again and paste the new API code.</source>
        <translation>Fortnox godtar inte längre behörigheten. Godkänn integrationen igen och klistra in den nya API-koden.</translation>
    </message>
    <message>
        <source>Fortnox refused access: {detail}. The company may lack a licence for this part of Fortnox, or the integration was approved without it. Check the licences in Fortnox and approve the integration again.</source>
        <translation>Fortnox nekade åtkomst: {detail}. Företaget kanske saknar licens för den här delen av Fortnox, eller så godkändes integrationen utan den. Kontrollera licenserna i Fortnox och godkänn integrationen igen.</translation>
    </message>
    <message>
        <source>The integration was not approved in Fortnox. Click Log in to Fortnox to try again.</source>
        <translation>Integrationen godkändes inte i Fortnox. Klicka på Logga in i Fortnox för att försöka igen.</translation>
    </message>
    <message>
        <source>Fortnox could not approve the integration ({detail}). Try again.</source>
        <translation>Fortnox kunde inte godkänna integrationen ({detail}). Försök igen.</translation>
    </message>
    <message>
        <source>No answer came from the browser in time. Click Log in to Fortnox to try again, or paste the API code.</source>
        <translation>Inget svar kom från webbläsaren i tid. Klicka på Logga in i Fortnox för att försöka igen, eller klistra in API-koden.</translation>
    </message>
    <message>
        <source>The sign-in was cancelled.</source>
        <translation>Inloggningen avbröts.</translation>
    </message>
    <message>
        <source>The sign-in in the browser failed ({detail}). Try again, or paste the API code.</source>
        <translation>Inloggningen i webbläsaren misslyckades ({detail}). Försök igen, eller klistra in API-koden.</translation>
    </message>
    <message>
        <source>The Fortnox sign-in needs renewing, but the password manager does not accept writes. Unlock the password manager and try again.</source>
        <translation>Inloggningen i Fortnox behöver förnyas, men lösenordshanteraren tar inte emot något. Lås upp lösenordshanteraren och försök igen.</translation>
    </message>
    <message>
        <source>The Fortnox sign-in was renewed but could not be saved in the password manager. Unlock the password manager and try again.</source>
        <translation>Inloggningen i Fortnox förnyades men kunde inte sparas i lösenordshanteraren. Lås upp lösenordshanteraren och försök igen.</translation>
    </message>
    <message>
        <source>A renewal of the Fortnox sign-in was interrupted and the sign-in was lost. Log in to Fortnox again.</source>
        <translation>En förnyelse av inloggningen i Fortnox avbröts och inloggningen gick förlorad. Logga in i Fortnox igen.</translation>
    </message>
    <message>
        <source>This computer&apos;s password manager could not be used ({detail}). Unlock it, or check that one is installed, and try again.</source>
        <translation>Datorns lösenordshanterare kunde inte användas ({detail}). Lås upp den, eller kontrollera att en sådan är installerad, och försök igen.</translation>
    </message>
    <message>
        <source>Something unexpected went wrong ({detail}). Try again; if it keeps happening, report it to Fortsync&apos;s support.</source>
        <translation>Något oväntat gick fel ({detail}). Försök igen; om det fortsätter, rapportera det till Fortsyncs support.</translation>
    </message>
</context>
<context>
    <name>Module</name>
    <message>
        <source>Invoice only</source>
        <translation>Bara faktura</translation>
    </message>
    <message>
        <source>Order only</source>
        <translation>Bara order</translation>
    </message>
    <message>
        <source>Order &amp; offer</source>
        <translation>Order &amp; offert</translation>
    </message>
</context>
<context>
    <name>Names</name>
    <message>
        <source>Company</source>
        <translation>Företag</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>Faktura</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>Offer</source>
        <translation>Offert</translation>
    </message>
    <message>
        <source>Preparing: settings, custom fields and deletion check</source>
        <translation>Förbereder: inställningar, egna fält och kontroll av borttagningar</translation>
    </message>
    <message>
        <source>Looking for duplicates</source>
        <translation>Letar efter dubbletter</translation>
    </message>
    <message>
        <source>Companies and customers</source>
        <translation>Företag och kunder</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Produkter</translation>
    </message>
    <message>
        <source>Invoices, orders and offers</source>
        <translation>Fakturor, order och offerter</translation>
    </message>
    <message>
        <source>Deletions</source>
        <translation>Borttagningar</translation>
    </message>
    <message>
        <source>Finishing</source>
        <translation>Avslutar</translation>
    </message>
    <message>
        <source>created</source>
        <translation>skapad</translation>
    </message>
    <message>
        <source>updated</source>
        <translation>uppdaterad</translation>
    </message>
    <message>
        <source>linked</source>
        <translation>länkad</translation>
    </message>
    <message>
        <source>unlinked</source>
        <translation>avlänkad</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>borttagen</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>hoppades över</translation>
    </message>
    <message>
        <source>conflict</source>
        <translation>konflikt</translation>
    </message>
    <message>
        <source>{n} to be created</source>
        <translation>{n} skapas</translation>
    </message>
    <message>
        <source>{n} to be updated</source>
        <translation>{n} uppdateras</translation>
    </message>
    <message>
        <source>{n} to be linked</source>
        <translation>{n} länkas</translation>
    </message>
    <message>
        <source>would be created</source>
        <translation>skulle skapas</translation>
    </message>
    <message>
        <source>would be updated</source>
        <translation>skulle uppdateras</translation>
    </message>
    <message>
        <source>would be linked</source>
        <translation>skulle länkas</translation>
    </message>
    <message>
        <source>would be unlinked</source>
        <translation>skulle avlänkas</translation>
    </message>
    <message>
        <source>would be deleted</source>
        <translation>skulle tas bort</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Skapa</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Uppdatera</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Länka</translation>
    </message>
    <message>
        <source>Unlink</source>
        <translation>Avlänka</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Ta bort</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Hoppa över</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Jämföra</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>misslyckades</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Klar</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Misslyckades</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Stoppad</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Pågår</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Avbruten</translation>
    </message>
    <message>
        <source>Some records could not be synced. The Errors tab lists them with what to do; correct them in Upsales or Fortnox and sync again.</source>
        <translation>Några poster kunde inte synkroniseras. Fliken Fel visar dem och vad du kan göra; rätta dem i Upsales eller Fortnox och synka igen.</translation>
    </message>
    <message>
        <source>Stopped before writing anything: the sync would have removed or unlinked more records than the limit. See the Deletions tab.</source>
        <translation>Stoppad innan något skrevs: synkroniseringen skulle ha tagit bort eller avlänkat fler poster än gränsen. Se fliken Borttagningar.</translation>
    </message>
    <message>
        <source>Stopped before writing anything: one side suddenly lists no records at all. See the Deletions tab.</source>
        <translation>Stoppad innan något skrevs: ena sidan listar plötsligt inga poster alls. Se fliken Borttagningar.</translation>
    </message>
    <message>
        <source>Something unexpected happened ({detail}). Try again; if it happens again, contact Fortsync&apos;s support and attach the run&apos;s report (History, Export to CSV…).</source>
        <translation>Något oväntat hände ({detail}). Försök igen; händer det igen, kontakta Fortsyncs support och bifoga körningens rapport (Historik, Exportera till CSV…).</translation>
    </message>
    <message>
        <source>Upsales did not accept the API key (it is wrong or has been revoked). Click Change settings… and enter a new API key from Upsales (Inställningar → API-nycklar).</source>
        <translation>Upsales godtog inte API-nyckeln (den är fel eller har återkallats). Klicka på Ändra inställningar… och ange en ny API-nyckel från Upsales (Inställningar → API-nycklar).</translation>
    </message>
    <message>
        <source>The sign-in to Fortnox has expired or been revoked. Click Change settings… and sign in to Fortnox again.</source>
        <translation>Inloggningen i Fortnox har gått ut eller återkallats. Klicka på Ändra inställningar… och logga in i Fortnox igen.</translation>
    </message>
    <message>
        <source>The price list {price_list} does not exist in Fortnox. Click Change settings…, choose a price list that exists and sync again.</source>
        <translation>Prislistan {price_list} finns inte i Fortnox. Klicka på Ändra inställningar…, välj en prislista som finns och synka igen.</translation>
    </message>
    <message>
        <source>The answer from {service} never came ({detail}), so the record may have been written. Fortsync checks it: the next sync looks it up and writes it only if it is missing.</source>
        <translation>Svaret från {service} kom aldrig ({detail}), så posten kan ha skrivits. Fortsync kontrollerar den: nästa synkronisering letar upp den och skriver den bara om den saknas.</translation>
    </message>
    <message>
        <source>{service} did not accept the record: {detail}. Correct it in Upsales or Fortnox and sync again.</source>
        <translation>{service} godtog inte posten: {detail}. Rätta den i Upsales eller Fortnox och synka igen.</translation>
    </message>
    <message>
        <source>{service} could not find the record ({detail}). It may have been deleted there; check it and sync again.</source>
        <translation>{service} hittade inte posten ({detail}). Den kan ha tagits bort där; kontrollera den och synka igen.</translation>
    </message>
    <message>
        <source>{service} refused access ({detail}). Check the licences and the integration&apos;s rights in {service}, then sync again.</source>
        <translation>{service} nekade åtkomst ({detail}). Kontrollera licenserna och integrationens behörigheter i {service} och synka sedan igen.</translation>
    </message>
    <message>
        <source>{service} answered with an error: {detail}. Check the record and sync again.</source>
        <translation>{service} svarade med ett fel: {detail}. Kontrollera posten och synka igen.</translation>
    </message>
    <message>
        <source>{service} had a temporary problem ({detail}). The next sync tries the record again.</source>
        <translation>{service} hade ett tillfälligt problem ({detail}). Nästa synkronisering försöker med posten igen.</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>Sync failed: {profile}</source>
        <translation>Synkroniseringen misslyckades: {profile}</translation>
    </message>
    <message>
        <source>See the Errors tab for what went wrong.</source>
        <translation>Se fliken Fel för vad som gick fel.</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s) to decide: {profile}</source>
        <translation>
            <numerusform>%n konflikt att avgöra: {profile}</numerusform>
            <numerusform>%n konflikter att avgöra: {profile}</numerusform>
        </translation>
    </message>
    <message>
        <source>A field was changed in both Upsales and Fortnox. Choose which value applies.</source>
        <translation>Ett fält ändrades i både Upsales och Fortnox. Välj vilket värde som gäller.</translation>
    </message>
    <message numerus="yes">
        <source>%n deletion(s) to review: {profile}</source>
        <translation>
            <numerusform>%n borttagning att granska: {profile}</numerusform>
            <numerusform>%n borttagningar att granska: {profile}</numerusform>
        </translation>
    </message>
    <message>
        <source>Customers were deleted in Fortnox. Decide whether their companies go in Upsales too.</source>
        <translation>Kunder togs bort i Fortnox. Avgör om deras företag ska tas bort i Upsales också.</translation>
    </message>
    <message numerus="yes">
        <source>%n possible duplicate(s): {profile}</source>
        <translation>
            <numerusform>%n möjlig dubblett: {profile}</numerusform>
            <numerusform>%n möjliga dubbletter: {profile}</numerusform>
        </translation>
    </message>
    <message>
        <source>Link them or keep them apart; nothing is created until you decide.</source>
        <translation>Koppla ihop dem eller håll isär dem; inget skapas innan du har avgjort.</translation>
    </message>
    <message numerus="yes">
        <source>The Fortnox sign-in lapses in %n day(s): {profile}</source>
        <translation>
            <numerusform>Fortnox-inloggningen går ut om %n dag: {profile}</numerusform>
            <numerusform>Fortnox-inloggningen går ut om %n dagar: {profile}</numerusform>
        </translation>
    </message>
    <message>
        <source>Open Fortsync and sync, or sign in to Fortnox again under Change settings.</source>
        <translation>Öppna Fortsync och synka, eller logga in i Fortnox igen under Ändra inställningar.</translation>
    </message>
</context>
<context>
    <name>Preview</name>
    <message>
        <source>Nothing: everything is already in sync.</source>
        <translation>Inget: allt är redan synkroniserat.</translation>
    </message>
    <message>
        <source>The first sync would do this (nothing has been written):</source>
        <translation>Den första synkroniseringen skulle göra detta (inget har skrivits):</translation>
    </message>
    <message>
        <source>{count} companies have the same organisation number on both sides and are linked instead of created again.</source>
        <translation>{count} företag har samma organisationsnummer på båda sidor och länkas i stället för att skapas igen.</translation>
    </message>
    <message>
        <source>same e-mail domain</source>
        <translation>samma e-postdomän</translation>
    </message>
    <message>
        <source>similar name</source>
        <translation>liknande namn</translation>
    </message>
    <message>
        <source>same organisation number</source>
        <translation>samma organisationsnummer</translation>
    </message>
    <message>
        <source>same customer number</source>
        <translation>samma kundnummer</translation>
    </message>
    <message>
        <source>Possible duplicates, not created until you decide on the Duplicates tab after the first sync:</source>
        <translation>Möjliga dubbletter, som inte skapas förrän du har bestämt dig under fliken Dubbletter efter den första synkroniseringen:</translation>
    </message>
</context>
<context>
    <name>ProfilesOverview</name>
    <message>
        <source>Welcome to Fortsync</source>
        <translation>Välkommen till Fortsync</translation>
    </message>
    <message>
        <source>Fortsync keeps Upsales and Fortnox in sync. Start by adding a profile: it connects one Upsales account with one Fortnox company. The setup takes a few minutes; have an administrator&apos;s access to Upsales (for an API key) and to Fortnox (to approve the integration) at hand. Accountants add one profile per client company; all of them are listed here.</source>
        <translation>Fortsync håller Upsales och Fortnox i synk. Börja med att lägga till en profil: den kopplar ett Upsales-konto till ett Fortnox-företag. Det tar några minuter; ha administratörsbehörighet i Upsales (för en API-nyckel) och i Fortnox (för att godkänna integrationen) till hands. Redovisningsbyråer lägger till en profil per klientföretag; alla listas här.</translation>
    </message>
    <message>
        <source>&amp;New profile…</source>
        <translation>&amp;Ny profil…</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>Profiler</translation>
    </message>
    <message>
        <source>Fin&amp;ish setting up…</source>
        <translation>Sl&amp;utför inställningarna…</translation>
    </message>
    <message>
        <source>Remove the &amp;profile…</source>
        <translation>Ta bort &amp;profilen…</translation>
    </message>
    <message>
        <source>The profiles could not be read ({detail}). Press F5 to try again.</source>
        <translation>Profilerna kunde inte läsas ({detail}). Tryck F5 för att försöka igen.</translation>
    </message>
    <message>
        <source>Next sync: {when}</source>
        <translation>Nästa synk: {when}</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s) to decide</source>
        <translation>
            <numerusform>%n konflikt att av&amp;göra</numerusform>
            <numerusform>%n konflikter att av&amp;göra</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n deletion(s) to confirm</source>
        <translation>
            <numerusform>%n borttagning att b&amp;ekräfta</numerusform>
            <numerusform>%n borttagningar att b&amp;ekräfta</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n possible duplicate(s) to review</source>
        <translation>
            <numerusform>%n &amp;möjlig dubblett att granska</numerusform>
            <numerusform>%n &amp;möjliga dubbletter att granska</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n write(s) with an unknown outcome</source>
        <translation>
            <numerusform>%n skrivning med ok&amp;änt utfall</numerusform>
            <numerusform>%n skrivningar med ok&amp;änt utfall</numerusform>
        </translation>
    </message>
    <message>
        <source>The setup was closed before the settings were finished. What was tested is kept (the Upsales API key, the Fortnox sign-in): finish the settings, or remove the draft with its saved sign-ins. A draft is never synced.</source>
        <translation>Guiden stängdes innan inställningarna var klara. Det som testades är sparat (API-nyckeln för Upsales, inloggningen i Fortnox): slutför inställningarna, eller ta bort utkastet med dess sparade inloggningar. Ett utkast synkas aldrig.</translation>
    </message>
    <message>
        <source>Not synced yet. Click Sync now for the first sync, or Preview to see what it would do without writing anything.</source>
        <translation>Inte synkad än. Klicka på Synka nu för den första synkroniseringen, eller på Provkör för att se vad den skulle göra utan att skriva något.</translation>
    </message>
    <message>
        <source>Last sync ({when}): {what}</source>
        <translation>Senaste synken ({when}): {what}</translation>
    </message>
    <message>
        <source>Last sync ({when}): nothing was written.</source>
        <translation>Senaste synken ({when}): inget skrevs.</translation>
    </message>
    <message numerus="yes">
        <source>The Fortnox sign-in holds for %n more day(s); every sync renews it.</source>
        <translation>
            <numerusform>Inloggningen i Fortnox gäller %n dag till; varje synk förnyar den.</numerusform>
            <numerusform>Inloggningen i Fortnox gäller %n dagar till; varje synk förnyar den.</numerusform>
        </translation>
    </message>
    <message>
        <source>The Fortnox sign-in runs out today: sync now, and it is renewed.</source>
        <translation>Inloggningen i Fortnox går ut i dag: synka nu, så förnyas den.</translation>
    </message>
    <message numerus="yes">
        <source>The Fortnox sign-in runs out in %n day(s): sync before then, and it is renewed.</source>
        <translation>
            <numerusform>Inloggningen i Fortnox går ut om %n dag: synka före dess, så förnyas den.</numerusform>
            <numerusform>Inloggningen i Fortnox går ut om %n dagar: synka före dess, så förnyas den.</numerusform>
        </translation>
    </message>
    <message>
        <source>The Fortnox sign-in has expired. Click Change settings… and sign in to Fortnox again.</source>
        <translation>Inloggningen i Fortnox har gått ut. Klicka på Ändra inställningar… och logga in i Fortnox igen.</translation>
    </message>
    <message>
        <source>The Upsales API key or the Fortnox sign-in is missing on this computer. Click Change settings… and add it.</source>
        <translation>API-nyckeln för Upsales eller inloggningen i Fortnox saknas på den här datorn. Klicka på Ändra inställningar… och lägg in den.</translation>
    </message>
    <message>
        <source>This computer&apos;s password manager cannot be read. Unlock it and press F5.</source>
        <translation>Datorns lösenordshanterare kan inte läsas. Lås upp den och tryck F5.</translation>
    </message>
    <message>
        <source>Waiting for you. Writes with an unknown outcome: the connection broke off during them; the next sync checks them before anything is written again.</source>
        <translation>Väntar på dig. Skrivningar med okänt utfall: anslutningen bröts under dem; nästa synk kontrollerar dem innan något skrivs igen.</translation>
    </message>
    <message>
        <source>Waiting for you:</source>
        <translation>Väntar på dig:</translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message>
        <source>Sync schedule</source>
        <translation>Schema för synkronisering</translation>
    </message>
    <message>
        <source>When should {profile} sync by itself?</source>
        <translation>När ska {profile} synkas automatiskt?</translation>
    </message>
    <message>
        <source>Off: only when I click Sync now</source>
        <translation>Av: bara när jag klickar på Synka nu</translation>
    </message>
    <message>
        <source>Every 15 minutes</source>
        <translation>Var 15:e minut</translation>
    </message>
    <message>
        <source>Every 30 minutes</source>
        <translation>Var 30:e minut</translation>
    </message>
    <message>
        <source>Every hour</source>
        <translation>Varje timme</translation>
    </message>
    <message>
        <source>Every day at</source>
        <translation>Varje dag kl.</translation>
    </message>
    <message>
        <source>Scheduled syncs run while Fortsync is open, also when only its icon in the system tray is left. A sync that is due while the computer sleeps runs once when it wakes. On a server, schedule fortsync sync --all instead (see the README).</source>
        <translation>Schemalagda synkroniseringar körs medan Fortsync är öppet, även när bara ikonen i systemfältet finns kvar. En synk som skulle ha körts medan datorn sov körs en gång när den vaknar. På en server schemalägger du i stället fortsync sync --all (se README).</translation>
    </message>
</context>
<context>
    <name>SecretLineEdit</name>
    <message>
        <source>&amp;Hide</source>
        <translation>&amp;Dölj</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Visa</translation>
    </message>
    <message>
        <source>Hide the text</source>
        <translation>Dölj texten</translation>
    </message>
    <message>
        <source>Show the text</source>
        <translation>Visa texten</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>Inställningar</translation>
    </message>
    <message>
        <source>Choose what to sync and which stages of the Upsales pipeline stand for Fortnox&apos;s documents.</source>
        <translation>Välj vad som ska synkas och vilka faser i Upsales säljtavla som motsvarar dokumenten i Fortnox.</translation>
    </message>
    <message>
        <source>Order settings</source>
        <translation>Orderinställningar</translation>
    </message>
    <message>
        <source>Choose what is synced from Fortnox to Upsales. You can choose invoice only, order only or order &amp; offer.</source>
        <translation>Välj det som ska synkas från Fortnox till Upsales. Du kan välja bara faktura, bara order eller order &amp; offert.</translation>
    </message>
    <message>
        <source>Choose the user who is set as reference on an order or invoice when no user is given in Vår Referens.</source>
        <translation>Välj den användare som ska stå som referens på order eller faktura, om ingen användare finns angiven i Vår Referens.</translation>
    </message>
    <message>
        <source>Choose the step in the Upsales pipeline where the opportunity is when the invoice/order is created in Fortnox.</source>
        <translation>Välj i vilket steg, i Upsales säljtavla, som affärsmöjligheten ska befinna sig då faktura/order skapas i Fortnox.</translation>
    </message>
    <message>
        <source>Choose the step in the Upsales pipeline that corresponds to a cancelled order/invoice in Fortnox.</source>
        <translation>Välj i vilket steg, i Upsales säljtavla, som ska motsvara makulerad order/faktura i Fortnox.</translation>
    </message>
    <message>
        <source>Choose the step in the Upsales pipeline where the opportunity is when an offer is created in Fortnox. (Only used when syncing orders &amp; offers)</source>
        <translation>Välj i vilket steg, i Upsales säljtavla, som affärsmöjligheten ska befinna sig då offert skapas i Fortnox. (Används endast vid synk mot offert/order)</translation>
    </message>
    <message>
        <source>Deals won and offers made before this day are not sent to Fortnox: they are most likely invoiced by hand already.</source>
        <translation>Affärer som vunnits och offerter som lagts före den här dagen skickas inte till Fortnox: de är troligen redan fakturerade för hand.</translation>
    </message>
    <message>
        <source>Product settings</source>
        <translation>Produktinställningar</translation>
    </message>
    <message>
        <source>Changed a stage, a user or a price list in Upsales or Fortnox? Fetch the lists again; your choices are kept.</source>
        <translation>Har du ändrat en fas, en användare eller en prislista i Upsales eller Fortnox? Hämta listorna igen; dina val behålls.</translation>
    </message>
    <message>
        <source>&amp;Fetch again</source>
        <translation>&amp;Hämta igen</translation>
    </message>
    <message>
        <source>Fetch stages, users and price lists again (F5)</source>
        <translation>Hämta faser, användare och prislistor igen (F5)</translation>
    </message>
    <message>
        <source>&amp;Module to sync:</source>
        <translation>&amp;Modul att synka:</translation>
    </message>
    <message>
        <source>&amp;Fallback user:</source>
        <translation>&amp;Uppsamlingsanvändare:</translation>
    </message>
    <message>
        <source>&amp;Won order stage:</source>
        <translation>&amp;Vunnen order fas:</translation>
    </message>
    <message>
        <source>&amp;Lost order stage:</source>
        <translation>Förl&amp;orad order fas:</translation>
    </message>
    <message>
        <source>&amp;Offer stage:</source>
        <translation>Offer&amp;tfas:</translation>
    </message>
    <message>
        <source>&amp;Send won deals from:</source>
        <translation>&amp;Skicka vunna affärer från:</translation>
    </message>
    <message>
        <source>&amp;Price list:</source>
        <translation>&amp;Prislista:</translation>
    </message>
    <message>
        <source>Choose which price list in Fortnox is synced to the products in Upsales.</source>
        <translation>Välj vilken prislista i Fortnox som ska synkas över till produkterna i Upsales.</translation>
    </message>
    <message>
        <source>Fetching users and stages from Upsales and price lists from Fortnox…</source>
        <translation>Hämtar användare och faser från Upsales och prislistor från Fortnox…</translation>
    </message>
    <message>
        <source>{name} (inactive)</source>
        <translation>{name} (inaktiv)</translation>
    </message>
    <message>
        <source>{name} ({probability} %, excluded)</source>
        <translation>{name} ({probability} %, exkluderad)</translation>
    </message>
    <message>
        <source>{name} ({probability} %)</source>
        <translation>{name} ({probability} %)</translation>
    </message>
    <message>
        <source>Upsales has no stage with 100 % probability, and Fortnox gets an invoice or order only for deals won in one. Create a 100 % stage in Upsales (for example “Vunnen”), then click Fetch again.</source>
        <translation>Upsales har ingen fas med 100 % sannolikhet, och Fortnox får en faktura eller order bara för affärer som vinns i en sådan. Skapa en fas med 100 % i Upsales (till exempel ”Vunnen”) och klicka sedan på Hämta igen.</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Finish setting up – Fortsync</source>
        <translation>Slutför inställningarna – Fortsync</translation>
    </message>
    <message>
        <source>Change settings – Fortsync</source>
        <translation>Ändra inställningar – Fortsync</translation>
    </message>
    <message>
        <source>Set up Fortsync</source>
        <translation>Konfigurera Fortsync</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Avbryt</translation>
    </message>
    <message>
        <source>The profile could not be saved</source>
        <translation>Profilen kunde inte sparas</translation>
    </message>
    <message>
        <source>Fortsync could not save the profile: {detail}</source>
        <translation>Fortsync kunde inte spara profilen: {detail}</translation>
    </message>
    <message>
        <source>Close the setup?</source>
        <translation>Stänga guiden?</translation>
    </message>
    <message>
        <source>The setup is not finished. Save what you have done as a draft? The draft is kept in the profile list, where you can finish it later or remove it. The Upsales API key and the Fortnox authorisation you tested stay saved, so you need not approve the integration in Fortnox again.</source>
        <translation>Inställningarna är inte klara. Vill du spara det du har gjort som ett utkast? Utkastet finns kvar i profillistan, där du kan slutföra det senare eller ta bort det. API-nyckeln för Upsales och behörigheten i Fortnox som du testade förblir sparade, så du behöver inte godkänna integrationen i Fortnox igen.</translation>
    </message>
    <message>
        <source>Save the changes to the draft? The draft stays in the profile list until you finish or remove it.</source>
        <translation>Spara ändringarna i utkastet? Utkastet finns kvar i profillistan tills du slutför eller tar bort det.</translation>
    </message>
    <message>
        <source>Close the setup? The profile name you entered is not saved; nothing has been tested yet.</source>
        <translation>Stänga guiden? Profilnamnet du skrev in sparas inte; inget har testats än.</translation>
    </message>
    <message>
        <source>Close without saving? Your changes to the settings are not saved; the profile keeps its settings as they were.</source>
        <translation>Stänga utan att spara? Ändringarna av inställningarna sparas inte; profilen behåller sina tidigare inställningar.</translation>
    </message>
    <message>
        <source>&amp;Save as draft</source>
        <translation>&amp;Spara som utkast</translation>
    </message>
    <message>
        <source>Discard &amp;everything</source>
        <translation>Släng &amp;allt</translation>
    </message>
    <message>
        <source>&amp;Save the draft</source>
        <translation>&amp;Spara utkastet</translation>
    </message>
    <message>
        <source>Close &amp;without saving</source>
        <translation>Stäng &amp;utan att spara</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Stäng</translation>
    </message>
    <message>
        <source>C&amp;ontinue setting up</source>
        <translation>&amp;Fortsätt med inställningarna</translation>
    </message>
</context>
<context>
    <name>SignInNotice</name>
    <message>
        <source>Fortnox sign-in</source>
        <translation>Inloggning i Fortnox</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Senare</translation>
    </message>
    <message>
        <source>The Fortnox sign-in of {profile} was renewed, but the computer&apos;s password manager did not accept the new one. Unlock the password manager and click Try saving again. Fortsync keeps the new sign-in in memory until then: do not close Fortsync before it is saved.</source>
        <translation>Inloggningen i Fortnox för {profile} förnyades, men datorns lösenordshanterare tog inte emot den nya. Lås upp lösenordshanteraren och klicka på Försök spara igen. Fortsync håller den nya inloggningen i minnet tills dess: stäng inte Fortsync innan den är sparad.</translation>
    </message>
    <message>
        <source>Try saving again</source>
        <translation>Försök spara igen</translation>
    </message>
    <message>
        <source>Fortsync was stopped while the Fortnox sign-in of {profile} was being renewed, so the new sign-in was never saved and the old one may no longer work. Log in to Fortnox again: one click opens the browser.</source>
        <translation>Fortsync avbröts medan inloggningen i Fortnox för {profile} förnyades, så den nya inloggningen sparades aldrig och den gamla gäller kanske inte längre. Logga in i Fortnox igen: ett klick öppnar webbläsaren.</translation>
    </message>
    <message>
        <source>Log in to Fortnox</source>
        <translation>Logga in i Fortnox</translation>
    </message>
    <message>
        <source>The sign-in is saved in the password manager. You can sync again.</source>
        <translation>Inloggningen är sparad i lösenordshanteraren. Du kan synka igen.</translation>
    </message>
    <message>
        <source>The password manager still does not accept it. Unlock it and try again.</source>
        <translation>Lösenordshanteraren tar fortfarande inte emot den. Lås upp den och försök igen.</translation>
    </message>
    <message>
        <source>Fortsync has no Fortnox app registration for this profile: open Settings → Fortnox and log in there.</source>
        <translation>Fortsync saknar en app-registrering i Fortnox för den här profilen: öppna Inställningar → Fortnox och logga in där.</translation>
    </message>
    <message>
        <source>Fortsync could not open the browser. Open Settings → Fortnox and paste the API code there.</source>
        <translation>Fortsync kunde inte öppna webbläsaren. Öppna Inställningar → Fortnox och klistra in API-koden där.</translation>
    </message>
    <message>
        <source>Waiting for you to approve Fortsync in the browser…</source>
        <translation>Väntar på att du godkänner Fortsync i webbläsaren…</translation>
    </message>
    <message>
        <source>Logged in to Fortnox: {company}. The sign-in is saved; you can sync again.</source>
        <translation>Inloggad i Fortnox: {company}. Inloggningen är sparad; du kan synka igen.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <source>Password manager</source>
        <translation>Lösenordshanterare</translation>
    </message>
    <message>
        <source>This computer has no secure password manager that Fortsync can use ({detail}), and Fortsync never saves keys in an ordinary file. Install and unlock one (GNOME Keyring or KWallet on Linux) and start Fortsync again, or keep the keys for this session only: you enter them again next time.</source>
        <translation>Datorn har ingen säker lösenordshanterare som Fortsync kan använda ({detail}), och Fortsync sparar aldrig nycklar i en vanlig fil. Installera och lås upp en (GNOME Nyckelring eller KWallet på Linux) och starta Fortsync igen, eller behåll nycklarna bara under den här sessionen: då anger du dem igen nästa gång.</translation>
    </message>
    <message>
        <source>Keep for this session only</source>
        <translation>Behåll bara under den här sessionen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Avsluta</translation>
    </message>
</context>
<context>
    <name>Support</name>
    <message>
        <source>Create support bundle</source>
        <translation>Skapa supportpaket</translation>
    </message>
    <message>
        <source>Zip archives (*.zip)</source>
        <translation>Zip-arkiv (*.zip)</translation>
    </message>
    <message>
        <source>The support bundle is saved as {path}. It holds the logs, the profiles&apos; settings and the latest runs, but no password, API key or sign-in.</source>
        <translation>Supportpaketet är sparat som {path}. Det innehåller loggarna, profilernas inställningar och de senaste körningarna, men inga lösenord, API-nycklar eller inloggningar.</translation>
    </message>
    <message>
        <source>Support bundle</source>
        <translation>Supportpaket</translation>
    </message>
    <message>
        <source>The support bundle could not be saved: {error}</source>
        <translation>Supportpaketet kunde inte sparas: {error}</translation>
    </message>
</context>
<context>
    <name>SyncView</name>
    <message>
        <source>&amp;Sync now</source>
        <translation>&amp;Synka nu</translation>
    </message>
    <message>
        <source>Sync the profile now (Ctrl+R)</source>
        <translation>Synka profilen nu (Ctrl+R)</translation>
    </message>
    <message>
        <source>Pre&amp;view (writes nothing)</source>
        <translation>Pro&amp;vkör (skriver inget)</translation>
    </message>
    <message>
        <source>See what a sync would do, without writing anything (Ctrl+Shift+R)</source>
        <translation>Se vad en synk skulle göra, utan att skriva något (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>Can&amp;cel</source>
        <translation>Av&amp;bryt</translation>
    </message>
    <message>
        <source>This profile is a draft: the setup was closed before its settings were finished, and a draft is never synced. Finish them with Change settings…, or remove the draft in the overview.</source>
        <translation>Profilen är ett utkast: guiden stängdes innan inställningarna var klara, och ett utkast synkas aldrig. Slutför dem med Ändra inställningar…, eller ta bort utkastet i översikten.</translation>
    </message>
    <message>
        <source>Preview started: nothing is written.</source>
        <translation>Provkörningen startade: inget skrivs.</translation>
    </message>
    <message>
        <source>Sync started.</source>
        <translation>Synkroniseringen startade.</translation>
    </message>
    <message>
        <source>Cancelling after the current step…</source>
        <translation>Avbryter efter pågående steg…</translation>
    </message>
    <message>
        <source>%v of %m</source>
        <translation>%v av %m</translation>
    </message>
    <message numerus="yes">
        <source>about %n seconds left</source>
        <translation>
            <numerusform>ca %n sekund kvar</numerusform>
            <numerusform>ca %n sekunder kvar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n minutes left</source>
        <translation>
            <numerusform>ca %n minut kvar</numerusform>
            <numerusform>ca %n minuter kvar</numerusform>
        </translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(tomt)</translation>
    </message>
    <message>
        <source>conflict in the field {field} – Upsales: {upsales}, Fortnox: {fortnox}</source>
        <translation>konflikt i fältet {field} – Upsales: {upsales}, Fortnox: {fortnox}</translation>
    </message>
    <message>
        <source>Preview done</source>
        <translation>Provkörningen klar</translation>
    </message>
    <message>
        <source>Sync done</source>
        <translation>Synkroniseringen klar</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Stoppad</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Misslyckades</translation>
    </message>
    <message>
        <source>to create</source>
        <translation>att skapa</translation>
    </message>
    <message>
        <source>to update</source>
        <translation>att uppdatera</translation>
    </message>
    <message>
        <source>to link</source>
        <translation>att länka</translation>
    </message>
    <message>
        <source>Nothing to do: everything was already in sync.</source>
        <translation>Inget att göra: allt var redan synkroniserat.</translation>
    </message>
    <message>
        <source>Nothing was written.</source>
        <translation>Inget skrevs.</translation>
    </message>
    <message>
        <source>{counts} Took {seconds} s.</source>
        <translation>{counts} Tog {seconds} s.</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Sync now</source>
        <translation>Synka nu</translation>
    </message>
    <message>
        <source>Open Fortsync</source>
        <translation>Öppna Fortsync</translation>
    </message>
    <message>
        <source>Pause synchronisation</source>
        <translation>Pausa synkronisering</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Avsluta</translation>
    </message>
    <message>
        <source>Fortsync: everything is in sync</source>
        <translation>Fortsync: allt är synkat</translation>
    </message>
    <message>
        <source>Fortsync: syncing…</source>
        <translation>Fortsync: synkar…</translation>
    </message>
    <message>
        <source>Fortsync: needs your attention</source>
        <translation>Fortsync: behöver din uppmärksamhet</translation>
    </message>
    <message>
        <source>Fortsync: synchronisation paused</source>
        <translation>Fortsync: synkroniseringen är pausad</translation>
    </message>
    <message>
        <source>Fortsync: no profile yet</source>
        <translation>Fortsync: ingen profil än</translation>
    </message>
    <message>
        <source>syncing</source>
        <translation>synkar</translation>
    </message>
    <message>
        <source>never synced</source>
        <translation>aldrig synkad</translation>
    </message>
    <message>
        <source>last sync failed {time}</source>
        <translation>senaste synken misslyckades {time}</translation>
    </message>
    <message>
        <source>synced {time}</source>
        <translation>synkad {time}</translation>
    </message>
    <message numerus="yes">
        <source>%n to review</source>
        <translation>
            <numerusform>%n att granska</numerusform>
            <numerusform>%n att granska</numerusform>
        </translation>
    </message>
    <message>
        <source>Fortnox sign-in lapses soon</source>
        <translation>Fortnox-inloggningen går snart ut</translation>
    </message>
    <message>
        <source>Fortnox sign-in has lapsed</source>
        <translation>Fortnox-inloggningen har gått ut</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>pausad</translation>
    </message>
    <message>
        <source>next {time}</source>
        <translation>nästa {time}</translation>
    </message>
</context>
<context>
    <name>UpsalesPage</name>
    <message>
        <source>Connect Upsales</source>
        <translation>Anslut Upsales</translation>
    </message>
    <message>
        <source>Fortsync reads and writes in your Upsales account with an API key.</source>
        <translation>Fortsync läser och skriver i ditt Upsales-konto med en API-nyckel.</translation>
    </message>
    <message>
        <source>Create an API key in Upsales</source>
        <translation>Skapa en API-nyckel i Upsales</translation>
    </message>
    <message>
        <source>Log in to Upsales as an administrator: only administrators can create API keys.</source>
        <translation>Logga in i Upsales som administratör: bara administratörer kan skapa API-nycklar.</translation>
    </message>
    <message>
        <source>Click the settings icon at the top right and open Inställningar → API-nycklar (in the English interface: Settings → Account → Security → API keys).</source>
        <translation>Klicka på inställningsikonen uppe till höger och öppna Inställningar → API-nycklar (i det engelska gränssnittet: Settings → Account → Security → API keys).</translation>
    </message>
    <message>
        <source>Click New API key, give it a name such as “Fortsync” and generate the key.</source>
        <translation>Klicka på Ny API-nyckel, ge den ett namn som ”Fortsync” och skapa nyckeln.</translation>
    </message>
    <message>
        <source>Copy the key at once: Upsales shows it only once. Paste it below.</source>
        <translation>Kopiera nyckeln direkt: Upsales visar den bara en gång. Klistra in den nedan.</translation>
    </message>
    <message>
        <source>Demo: this is the sandbox&apos;s Upsales API key. Copy it and paste it into the field below. In the demo, keys are kept in memory only and forgotten when Fortsync closes.</source>
        <translation>Demo: det här är sandlådans API-nyckel för Upsales. Kopiera den och klistra in den i fältet nedan. I demoläget sparas nycklar bara i minnet och glöms när Fortsync stängs.</translation>
    </message>
    <message>
        <source>Test and save the key</source>
        <translation>Testa och spara nyckeln</translation>
    </message>
    <message>
        <source>&amp;API key:</source>
        <translation>A&amp;PI-nyckel:</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Testa anslutning</translation>
    </message>
    <message>
        <source>Paste the API key from Upsales</source>
        <translation>Klistra in API-nyckeln från Upsales</translation>
    </message>
    <message>
        <source>The key is saved in this computer&apos;s password manager, and only after the test has succeeded.</source>
        <translation>Nyckeln sparas i datorns lösenordshanterare, och först när testet har lyckats.</translation>
    </message>
    <message>
        <source>A key is saved; paste a new one only to replace it</source>
        <translation>En nyckel är sparad; klistra bara in en ny om du vill byta ut den</translation>
    </message>
    <message>
        <source>Checking the saved API key…</source>
        <translation>Kontrollerar den sparade API-nyckeln…</translation>
    </message>
    <message>
        <source>Paste the API key from Upsales first.</source>
        <translation>Klistra in API-nyckeln från Upsales först.</translation>
    </message>
    <message>
        <source>Testing the connection to Upsales…</source>
        <translation>Testar anslutningen till Upsales…</translation>
    </message>
    <message>
        <source>Connected to Upsales ({account}) as {user}. The key is saved in the password manager.</source>
        <translation>Ansluten till Upsales ({account}) som {user}. Nyckeln är sparad i lösenordshanteraren.</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to Fortsync</source>
        <translation>Välkommen till Fortsync</translation>
    </message>
    <message>
        <source>Fortsync keeps Upsales and Fortnox in sync. Read what it does, name the connection and accept the terms to continue.</source>
        <translation>Fortsync håller Upsales och Fortnox synkroniserade. Läs vad programmet gör, namnge kopplingen och godkänn villkoren för att fortsätta.</translation>
    </message>
    <message>
        <source>What Fortsync synchronises</source>
        <translation>Det här synkroniserar Fortsync</translation>
    </message>
    <message>
        <source>First synchronisation: the customers, articles and documents of the module you choose (invoices, orders, or orders and offers) are imported from Fortnox into Upsales.</source>
        <translation>Första synkroniseringen: kunder, artiklar och dokumenten i den modul du väljer (fakturor, order eller order och offerter) importeras från Fortnox till Upsales.</translation>
    </message>
    <message>
        <source>Customers and companies: a customer created in Fortnox becomes a company in Upsales automatically, with its Fortnox customer number. A company created in Upsales goes to Fortnox only when it has a sale at 100 % probability. Once a company has a customer number, changes on either side are synced; when both sides changed, you decide.</source>
        <translation>Kunder och företag: en kund som skapas i Fortnox blir automatiskt ett företag i Upsales, med sitt kundnummer från Fortnox. Ett företag som skapas i Upsales skickas till Fortnox först när det har en försäljning med 100 % sannolikhet. När ett företag har ett kundnummer synkas ändringar åt båda hållen; har båda sidor ändrats bestämmer du.</translation>
    </message>
    <message>
        <source>Deleted customers: a customer deleted in Fortnox loses its customer number in Upsales, but the company is kept. Deleting the company as well is up to you: Fortsync lists it and deletes only after you confirm.</source>
        <translation>Borttagna kunder: en kund som tas bort i Fortnox förlorar sitt kundnummer i Upsales, men företaget finns kvar. Om även företaget ska tas bort bestämmer du: Fortsync listar det och tar bort det först när du har bekräftat.</translation>
    </message>
    <message>
        <source>Articles and products: products come from the Fortnox article register, in one direction, priced from the one price list you choose. An article removed or made inactive in Fortnox makes the product inactive.</source>
        <translation>Artiklar och produkter: produkterna kommer från artikelregistret i Fortnox, i en riktning, med priser från den prislista du väljer. En artikel som tas bort eller inaktiveras i Fortnox gör produkten inaktiv.</translation>
    </message>
    <message>
        <source>Sales: a deal that is won (100 %) in Upsales creates exactly one invoice or one order in Fortnox, depending on the module; with order &amp; offer, a deal in the offer stage creates an offer. Invoices, orders and offers created in Fortnox appear in Upsales as orders or opportunities, and a cancelled invoice or order moves its Upsales order to the lost stage.</source>
        <translation>Försäljning: en affär som vinns (100 %) i Upsales skapar exakt en faktura eller en order i Fortnox, beroende på modul; med order &amp; offert skapar en affär i offertfasen en offert. Fakturor, order och offerter som skapas i Fortnox visas i Upsales som order eller affärsmöjligheter, och en makulerad faktura eller order flyttar sin order i Upsales till fasen för förlorad order.</translation>
    </message>
    <message>
        <source>Our reference: the Fortnox field Vår referens is matched to the Upsales user with exactly that full name; documents without a match get the fallback user.</source>
        <translation>Vår referens: fältet Vår referens i Fortnox matchas mot den användare i Upsales som har exakt det fullständiga namnet; dokument utan träff får uppsamlingsanvändaren.</translation>
    </message>
    <message>
        <source>Upsales orders marked “skip sync” are never sent to Fortnox.</source>
        <translation>Order i Upsales som är markerade ”skip sync” skickas aldrig till Fortnox.</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>For example the company&apos;s name</source>
        <translation>Till exempel företagets namn</translation>
    </message>
    <message>
        <source>&amp;Profile name:</source>
        <translation>&amp;Profilnamn:</translation>
    </message>
    <message>
        <source>I &amp;accept the terms</source>
        <translation>Jag &amp;godkänner villkoren</translation>
    </message>
    <message>
        <source>One profile connects one Upsales account with one Fortnox company. Accountants create one profile per client company.</source>
        <translation>En profil kopplar ihop ett Upsales-konto med ett företag i Fortnox. Redovisningsbyråer skapar en profil per klientföretag.</translation>
    </message>
    <message>
        <source>Terms</source>
        <translation>Villkor</translation>
    </message>
    <message>
        <source>Fortsync reads and changes data in your Upsales account and your Fortnox company on your behalf, as described above. Nothing is written before you start a synchronisation, and you can preview it first. The Upsales API key and the Fortnox authorisation are kept in this computer&apos;s password manager, never in files. You can disconnect at any time by removing the integration in Fortnox (Administrera användare) and the API key in Upsales.</source>
        <translation>Fortsync läser och ändrar data i ditt Upsales-konto och ditt företag i Fortnox för din räkning, enligt beskrivningen ovan. Inget skrivs innan du startar en synkronisering, och du kan förhandsgranska den först. API-nyckeln för Upsales och behörigheten för Fortnox förvaras i datorns lösenordshanterare, aldrig i filer. Du kan koppla från när som helst genom att ta bort integrationen i Fortnox (Administrera användare) och API-nyckeln i Upsales.</translation>
    </message>
    <message>
        <source>Give the profile a name.</source>
        <translation>Ge profilen ett namn.</translation>
    </message>
    <message>
        <source>The name cannot contain a colon (:).</source>
        <translation>Namnet kan inte innehålla kolon (:).</translation>
    </message>
    <message>
        <source>There is already a profile with this name. Choose another name.</source>
        <translation>Det finns redan en profil med det här namnet. Välj ett annat namn.</translation>
    </message>
    <message>
        <source>The name cannot be changed once a key has been saved under it. Cancel the wizard to start over with another name.</source>
        <translation>Namnet kan inte ändras när en nyckel har sparats under det. Avbryt guiden för att börja om med ett annat namn.</translation>
    </message>
</context>
</TS>
