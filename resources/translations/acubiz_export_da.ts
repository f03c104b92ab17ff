<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="da_DK">
<context>
    <name>AccountsPage</name>
    <message>
        <source>Next is available when e-conomic has answered.</source>
        <translation>Næste kan vælges, når e-conomic har svaret.</translation>
    </message>
    <message>
        <source>To go on, click Try again: the accounts could not be fetched.</source>
        <translation>For at gå videre: klik på Prøv igen — kontiene kunne ikke hentes.</translation>
    </message>
    <message>
        <source>To go on, choose the contra account (modkonto).</source>
        <translation>For at gå videre: vælg modkontoen.</translation>
    </message>
    <message>
        <source>To go on, choose an account for every category.</source>
        <translation>For at gå videre: vælg en konto for hver kategori.</translation>
    </message>
    <message>
        <source>Type a number or a name</source>
        <translation>Skriv et nummer eller et navn</translation>
    </message>
    <message>
        <source>Expense account for {category}</source>
        <translation>Udgiftskonto for {category}</translation>
    </message>
    <message>
        <source>(none — every line names its contra account)</source>
        <translation>(ingen — hver linje angiver sin modkonto)</translation>
    </message>
    <message>
        <source>(no VAT)</source>
        <translation>(ingen moms)</translation>
    </message>
    <message>
        <source>(no department)</source>
        <translation>(ingen afdeling)</translation>
    </message>
    <message>
        <source>Department for {value}</source>
        <translation>Afdeling for {value}</translation>
    </message>
    <message>
        <source>Choose an account for every category, or remove the category.</source>
        <translation>Vælg en konto for hver kategori, eller fjern kategorien.</translation>
    </message>
    <message>
        <source>Choose the default contra account from the list, or leave it at “none”.</source>
        <translation>Vælg standardmodkontoen på listen, eller lad den stå på “ingen”.</translation>
    </message>
    <message>
        <source>Accounts and VAT</source>
        <translation>Konti og moms</translation>
    </message>
    <message>
        <source>Which e-conomic account each kind of expense is booked to.</source>
        <translation>Hvilken konto i e-conomic hver slags udlæg bogføres på.</translation>
    </message>
    <message>
        <source>There are no files in the inbox yet, so it is not known whether they name accounts (Acubiz files do) or categories. If your files use categories, add them here and choose an account for each; otherwise click Next.</source>
        <translation>Der er ingen filer i indbakken endnu, så det vides ikke, om de angiver konti (det gør Acubiz-filer) eller kategorier. Bruger jeres filer kategorier, så tilføj dem her, og vælg en konto til hver; ellers klik på Næste.</translation>
    </message>
    <message>
        <source>Your files name a category instead of an account. Choose the expense account and VAT code for each category (type to search). Categories found in the inbox are listed; add any others you expect.</source>
        <translation>Jeres filer angiver en kategori i stedet for en konto. Vælg udgiftskonto og momskode for hver kategori (skriv for at søge). Kategorierne fra filerne i indbakken står på listen; tilføj andre, I forventer.</translation>
    </message>
    <message>
        <source>Departments</source>
        <translation>Afdelinger</translation>
    </message>
    <message>
        <source>Which e-conomic department each expense is booked to.</source>
        <translation>Hvilken afdeling i e-conomic hvert udlæg bogføres på.</translation>
    </message>
    <message>
        <source>Your files carry their own account numbers, so no accounts need to be chosen. Your e-conomic agreement uses departments: choose the Acubiz dimension that holds the department, and check the matches.</source>
        <translation>Jeres filer har selv kontonumrene, så der skal ikke vælges konti. Jeres e-conomic-aftale bruger afdelinger: vælg den Acubiz-dimension, der indeholder afdelingen, og kontrollér, at de passer sammen.</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>Kategorier</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <source>Expense account</source>
        <translation>Udgiftskonto</translation>
    </message>
    <message>
        <source>VAT code</source>
        <translation>Momskode</translation>
    </message>
    <message>
        <source>Categories and their accounts</source>
        <translation>Kategorier og deres konti</translation>
    </message>
    <message>
        <source>Another category</source>
        <translation>Endnu en kategori</translation>
    </message>
    <message>
        <source>New category</source>
        <translation>Ny kategori</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>Ti&amp;lføj</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Fjern</translation>
    </message>
    <message>
        <source>Default &amp;contra account:</source>
        <translation>Standard&amp;modkonto:</translation>
    </message>
    <message>
        <source>Default contra account</source>
        <translation>Standardmodkonto</translation>
    </message>
    <message>
        <source>Department is in Acubiz d&amp;imension:</source>
        <translation>Afdelingen står i Acubiz-d&amp;imension:</translation>
    </message>
    <message>
        <source>None (no departments)</source>
        <translation>Ingen (ingen afdelinger)</translation>
    </message>
    <message>
        <source>Acubiz dimension with the department</source>
        <translation>Acubiz-dimension med afdelingen</translation>
    </message>
    <message>
        <source>Value in the file</source>
        <translation>Værdi i filen</translation>
    </message>
    <message>
        <source>Department in e-conomic</source>
        <translation>Afdeling i e-conomic</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>&amp;Prøv igen</translation>
    </message>
    <message>
        <source>Fetching accounts and VAT codes from e-conomic…</source>
        <translation>Henter konti og momskoder fra e-conomic…</translation>
    </message>
</context>
<context>
    <name>AccountsTab</name>
    <message>
        <source>(none — every line names its contra account)</source>
        <translation>(ingen — hver linje angiver sin modkonto)</translation>
    </message>
    <message>
        <source>Type a number or a name</source>
        <translation>Skriv et nummer eller et navn</translation>
    </message>
    <message>
        <source>Expense account for {category}</source>
        <translation>Udgiftskonto for {category}</translation>
    </message>
    <message>
        <source>VAT code for {category}</source>
        <translation>Momskode for {category}</translation>
    </message>
    <message>
        <source>(no VAT)</source>
        <translation>(ingen moms)</translation>
    </message>
    <message>
        <source>(no department)</source>
        <translation>(ingen afdeling)</translation>
    </message>
    <message>
        <source>Department for {value}</source>
        <translation>Afdeling for {value}</translation>
    </message>
    <message>
        <source>Accounts: choose an account for every category, or remove the category.</source>
        <translation>Konti: vælg en konto til hver kategori, eller fjern kategorien.</translation>
    </message>
    <message>
        <source>Accounts: choose the default contra account (modkonto) from the list, or leave it at “none”.</source>
        <translation>Konti: vælg standardmodkontoen på listen, eller lad den stå på “ingen”.</translation>
    </message>
    <message>
        <source>Acubiz files name their own accounts. Simple CSV or JSON files name a category instead: choose the expense account and VAT code (momskode) for each. The default contra account (modkonto) is used for lines that name none.</source>
        <translation>Acubiz-filer angiver selv kontiene. Enkle CSV- eller JSON-filer angiver i stedet en kategori: vælg udgiftskonto og momskode for hver. Standardmodkontoen bruges til linjer, der ikke angiver nogen modkonto.</translation>
    </message>
    <message>
        <source>Default c&amp;ontra account:</source>
        <translation>Stan&amp;dardmodkonto:</translation>
    </message>
    <message>
        <source>Default contra account</source>
        <translation>Standardmodkonto</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <source>Expense account</source>
        <translation>Udgiftskonto</translation>
    </message>
    <message>
        <source>VAT code</source>
        <translation>Momskode</translation>
    </message>
    <message>
        <source>Categories and their accounts</source>
        <translation>Kategorier og deres konti</translation>
    </message>
    <message>
        <source>Another category</source>
        <translation>Endnu en kategori</translation>
    </message>
    <message>
        <source>New category</source>
        <translation>Ny kategori</translation>
    </message>
    <message>
        <source>A&amp;dd</source>
        <translation>Tilf&amp;øj</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>Fj&amp;ern</translation>
    </message>
    <message>
        <source>Department is in Acubiz d&amp;imension:</source>
        <translation>Afdelingen står i Acubiz-d&amp;imension:</translation>
    </message>
    <message>
        <source>None (no departments)</source>
        <translation>Ingen (ingen afdelinger)</translation>
    </message>
    <message>
        <source>Acubiz dimension with the department</source>
        <translation>Acubiz-dimension med afdelingen</translation>
    </message>
    <message>
        <source>Value in the file</source>
        <translation>Værdi i filen</translation>
    </message>
    <message>
        <source>Department in e-conomic</source>
        <translation>Afdeling i e-conomic</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>&amp;Prøv igen</translation>
    </message>
    <message>
        <source>The files in the inbox name their own accounts, so no category needs an account.</source>
        <translation>Filerne i indbakken angiver selv kontiene, så ingen kategori skal have en konto.</translation>
    </message>
    <message>
        <source>Fetching accounts and VAT codes from e-conomic…</source>
        <translation>Henter konti og momskoder fra e-conomic…</translation>
    </message>
    <message>
        <source>Connect to e-conomic first (the Connection tab) to change the accounts.</source>
        <translation>Forbind først til e-conomic (fanen Forbindelse) for at ændre kontiene.</translation>
    </message>
</context>
<context>
    <name>AppPage</name>
    <message>
        <source>To go on, enter both tokens of the app.</source>
        <translation>For at gå videre: indtast begge appens tokens.</translation>
    </message>
    <message>
        <source>To go on, correct the token marked above.</source>
        <translation>For at gå videre: ret det token, der er markeret ovenfor.</translation>
    </message>
    <message>
        <source>The e-conomic app</source>
        <translation>Appen i e-conomic</translation>
    </message>
    <message>
        <source>Which app registration in e-conomic this program uses to connect.</source>
        <translation>Hvilken app-registrering i e-conomic programmet forbinder med.</translation>
    </message>
    <message>
        <source>The program talks to e-conomic as an &lt;i&gt;app&lt;/i&gt;. Enter the app&apos;s two tokens. They come from the supplier of this program or from your IT department, not from your own e-conomic login.</source>
        <translation>Programmet taler med e-conomic som en &lt;i&gt;app&lt;/i&gt;. Indtast appens to tokens. Dem får I fra leverandøren af programmet eller fra jeres IT-afdeling, ikke fra jeres eget e-conomic-login.</translation>
    </message>
    <message>
        <source>App &amp;public token:</source>
        <translation>Appens &amp;offentlige token:</translation>
    </message>
    <message>
        <source>App &amp;secret token:</source>
        <translation>Appens &amp;hemmelige token:</translation>
    </message>
    <message>
        <source>App public token</source>
        <translation>Appens offentlige token</translation>
    </message>
    <message>
        <source>App secret token</source>
        <translation>Appens hemmelige token</translation>
    </message>
    <message>
        <source>The secret token is kept in this computer&apos;s password store (never in a file), and only when you click Finish.</source>
        <translation>Det hemmelige token gemmes i computerens adgangskodelager (aldrig i en fil), og først når du klikker Afslut.</translation>
    </message>
    <message>
        <source>This does not look like an e-conomic token: tokens are about 44 letters, digits, - and _.</source>
        <translation>Det ligner ikke et e-conomic-token: et token består af omkring 44 bogstaver, cifre, - og _.</translation>
    </message>
</context>
<context>
    <name>Clock</name>
    <message>
        <source>Danish time</source>
        <translation>dansk tid</translation>
    </message>
    <message>
        <source>Norwegian time</source>
        <translation>norsk tid</translation>
    </message>
    <message>
        <source>Swedish time</source>
        <translation>svensk tid</translation>
    </message>
    <message>
        <source>German time</source>
        <translation>tysk tid</translation>
    </message>
    <message>
        <source>UK time</source>
        <translation>britisk tid</translation>
    </message>
    <message>
        <source>UTC</source>
        <translation>UTC</translation>
    </message>
    <message>
        <source>{city} time</source>
        <translation>{city}-tid</translation>
    </message>
    <message>
        <source>{time} {zone}</source>
        <translation>{time} {zone}</translation>
    </message>
    <message>
        <source>{when} {zone}</source>
        <translation>{when} {zone}</translation>
    </message>
</context>
<context>
    <name>ConnectPage</name>
    <message>
        <source>Connected — you can close this window</source>
        <translation>Forbundet — du kan lukke dette vindue</translation>
    </message>
    <message>
        <source>Acubiz e-conomic Export received the token from e-conomic. Close this window and go back to the setup.</source>
        <translation>Acubiz e-conomic Export har modtaget tokenet fra e-conomic. Luk dette vindue, og gå tilbage til opsætningen.</translation>
    </message>
    <message>
        <source>Connect to e-conomic</source>
        <translation>Forbind til e-conomic</translation>
    </message>
    <message>
        <source>Add this program as an app to your e-conomic agreement, then check it.</source>
        <translation>Tilføj programmet som app på jeres e-conomic-aftale, og kontrollér forbindelsen.</translation>
    </message>
    <message>
        <source>Keep this window open while you are in the browser. Log in to e-conomic when asked, and check that it is the right company.</source>
        <translation>Lad dette vindue være åbent, mens du er i browseren. Log ind i e-conomic, når du bliver bedt om det, og kontrollér, at det er den rigtige virksomhed.</translation>
    </message>
    <message>
        <source>&lt;b&gt;1. Open e-conomic and click &lt;i&gt;ADD APP&lt;/i&gt;.&lt;/b&gt;</source>
        <translation>&lt;b&gt;1. Åbn e-conomic, og klik på &lt;i&gt;TILFØJ APP&lt;/i&gt;.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&amp;Open e-conomic</source>
        <translation>Åbn &amp;e-conomic</translation>
    </message>
    <message>
        <source>Opens e-conomic&apos;s page for adding the app</source>
        <translation>Åbner siden i e-conomic, hvor appen tilføjes</translation>
    </message>
    <message>
        <source>&amp;Copy link</source>
        <translation>&amp;Kopiér link</translation>
    </message>
    <message>
        <source>Copies the address, for when no browser opens by itself</source>
        <translation>Kopierer adressen, hvis der ikke åbner en browser af sig selv</translation>
    </message>
    <message>
        <source>C&amp;atch the token automatically when e-conomic sends you back</source>
        <translation>&amp;Hent tokenet automatisk, når e-conomic sender dig tilbage</translation>
    </message>
    <message>
        <source>&lt;b&gt;2. Paste the token.&lt;/b&gt; e-conomic shows it on the &lt;i&gt;Added&lt;/i&gt; page. If the browser came back here, it is the text after &lt;b&gt;=&lt;/b&gt; in the browser&apos;s address field; you can also paste the whole address.</source>
        <translation>&lt;b&gt;2. Indsæt tokenet.&lt;/b&gt; e-conomic viser det på siden &lt;i&gt;Tilføjet&lt;/i&gt;. Kom browseren tilbage hertil, er det teksten efter &lt;b&gt;=&lt;/b&gt; i browserens adressefelt; du kan også indsætte hele adressen.</translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation>T&amp;oken:</translation>
    </message>
    <message>
        <source>e-conomic token</source>
        <translation>e-conomic-token</translation>
    </message>
    <message>
        <source>Paste the token or the whole address</source>
        <translation>Indsæt tokenet eller hele adressen</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>Kont&amp;rollér</translation>
    </message>
    <message>
        <source>No token yet</source>
        <translation>Intet token endnu</translation>
    </message>
    <message>
        <source>Click Open e-conomic, then ADD APP, and paste the token e-conomic shows here. If you added the app before, copy its token in e-conomic under All settings → Extensions → Apps.</source>
        <translation>Klik på Åbn e-conomic og derefter på TILFØJ APP, og indsæt her det token, e-conomic viser. Har du tilføjet appen før, kan du kopiere dens token i e-conomic under Alle indstillinger → Udvidelser → Apps.</translation>
    </message>
    <message>
        <source>e-conomic did not accept the token</source>
        <translation>e-conomic godkendte ikke tokenet</translation>
    </message>
    <message>
        <source>Copy the token from the page e-conomic showed after you clicked ADD APP, and paste all of it here. Or click Open e-conomic and ADD APP once more for a new token.</source>
        <translation>Kopiér tokenet fra den side, e-conomic viste, efter du klikkede på TILFØJ APP, og indsæt det hele her. Eller klik på Åbn e-conomic og TILFØJ APP én gang til for at få et nyt token.</translation>
    </message>
    <message>
        <source>Next is available when e-conomic has answered.</source>
        <translation>Næste kan vælges, når e-conomic har svaret.</translation>
    </message>
    <message>
        <source>To go on, paste the token from e-conomic and click Verify.</source>
        <translation>For at gå videre: indsæt tokenet fra e-conomic, og klik på Kontrollér.</translation>
    </message>
    <message>
        <source>To go on, paste the whole token (see above what is wrong).</source>
        <translation>For at gå videre: indsæt hele tokenet (se ovenfor, hvad der er galt).</translation>
    </message>
    <message>
        <source>To go on, solve the problem above, then click Verify.</source>
        <translation>For at gå videre: løs problemet ovenfor, og klik så på Kontrollér.</translation>
    </message>
    <message>
        <source>To go on, click Verify: e-conomic must accept the token first.</source>
        <translation>For at gå videre: klik på Kontrollér — e-conomic skal først godkende tokenet.</translation>
    </message>
    <message>
        <source>Waiting for e-conomic… After you click ADD APP, the token appears below by itself (this page waits up to {minutes} minutes).</source>
        <translation>Venter på e-conomic… Når du har klikket på TILFØJ APP, kommer tokenet af sig selv herunder (siden venter op til {minutes} minutter).</translation>
    </message>
    <message>
        <source>e-conomic is open in your browser. Click ADD APP there, then paste the token below.</source>
        <translation>e-conomic er åbnet i din browser. Klik på TILFØJ APP dér, og indsæt så tokenet herunder.</translation>
    </message>
    <message>
        <source>e-conomic sent the token back to this program.</source>
        <translation>e-conomic har sendt tokenet tilbage til programmet.</translation>
    </message>
    <message>
        <source>No token arrived within {minutes} minutes. Paste it below, or click Open e-conomic again.</source>
        <translation>Der kom intet token inden for {minutes} minutter. Indsæt det herunder, eller klik på Åbn e-conomic igen.</translation>
    </message>
    <message>
        <source>The browser came back without a token. Copy the token from e-conomic&apos;s Added page and paste it below.</source>
        <translation>Browseren kom tilbage uden et token. Kopiér tokenet fra siden Tilføjet i e-conomic, og indsæt det herunder.</translation>
    </message>
    <message>
        <source>No browser opened. Click Copy link and paste the address into your browser.</source>
        <translation>Der åbnede ingen browser. Klik på Kopiér link, og indsæt adressen i din browser.</translation>
    </message>
    <message>
        <source>The link is copied. Paste it into your browser&apos;s address field.</source>
        <translation>Linket er kopieret. Indsæt det i browserens adressefelt.</translation>
    </message>
    <message>
        <source>The link is copied. Paste it into your browser&apos;s address field; the token appears below by itself after you click ADD APP.</source>
        <translation>Linket er kopieret. Indsæt det i browserens adressefelt; tokenet kommer af sig selv herunder, når du har klikket på TILFØJ APP.</translation>
    </message>
    <message>
        <source>The token cannot be caught automatically on this computer. Paste it below instead.</source>
        <translation>Tokenet kan ikke hentes automatisk på denne computer. Indsæt det herunder i stedet.</translation>
    </message>
    <message>
        <source>The saved connection is used. Paste a new token only to connect again.</source>
        <translation>Den gemte forbindelse bruges. Indsæt kun et nyt token, hvis du vil forbinde igen.</translation>
    </message>
    <message>
        <source>This looks like a token. Click Verify to check it with e-conomic.</source>
        <translation>Det ligner et token. Klik på Kontrollér for at tjekke det hos e-conomic.</translation>
    </message>
    <message>
        <source>The token was found in the address. Click Verify.</source>
        <translation>Tokenet blev fundet i adressen. Klik på Kontrollér.</translation>
    </message>
    <message>
        <source>Checking the saved connection with e-conomic…</source>
        <translation>Kontrollerer den gemte forbindelse hos e-conomic…</translation>
    </message>
    <message>
        <source>Checking the token with e-conomic…</source>
        <translation>Kontrollerer tokenet hos e-conomic…</translation>
    </message>
    <message>
        <source>Connected to &lt;b&gt;{company}&lt;/b&gt;, agreement number {number}, as user {user}.</source>
        <translation>Forbundet til &lt;b&gt;{company}&lt;/b&gt;, aftalenummer {number}, som brugeren {user}.</translation>
    </message>
</context>
<context>
    <name>ConnectionTab</name>
    <message>
        <source>No browser opened. Click Copy link and paste the address into your browser.</source>
        <translation>Der åbnede ingen browser. Klik på Kopiér link, og indsæt adressen i din browser.</translation>
    </message>
    <message>
        <source>The link is copied. Paste it into your browser&apos;s address field.</source>
        <translation>Linket er kopieret. Indsæt det i browserens adressefelt.</translation>
    </message>
    <message>
        <source>Connection: click Verify to check the new token, or clear the token field.</source>
        <translation>Forbindelse: klik på Kontrollér for at tjekke det nye token, eller tøm feltet.</translation>
    </message>
    <message>
        <source>The export sends the expenses to this e-conomic company. Reconnect only when e-conomic no longer accepts the connection, or to send to another company.</source>
        <translation>Eksporten sender udlæggene til denne virksomhed i e-conomic. Forbind kun igen, hvis e-conomic ikke længere godkender forbindelsen, eller for at sende til en anden virksomhed.</translation>
    </message>
    <message>
        <source>C&amp;heck connection</source>
        <translation>Tjek forbin&amp;delsen</translation>
    </message>
    <message>
        <source>&amp;Reconnect…</source>
        <translation>Forbind &amp;igen…</translation>
    </message>
    <message>
        <source>Reconnect to e-conomic</source>
        <translation>Forbind igen til e-conomic</translation>
    </message>
    <message>
        <source>&lt;b&gt;1.&lt;/b&gt; Open e-conomic, check that it is the right company, and click &lt;i&gt;ADD APP&lt;/i&gt;. &lt;b&gt;2.&lt;/b&gt; Paste the token e-conomic shows, and click Verify. The new connection is kept when you click Save.</source>
        <translation>&lt;b&gt;1.&lt;/b&gt; Åbn e-conomic, tjek at det er den rigtige virksomhed, og klik på &lt;i&gt;TILFØJ APP&lt;/i&gt;. &lt;b&gt;2.&lt;/b&gt; Indsæt tokenet, som e-conomic viser, og klik på Kontrollér. Den nye forbindelse gemmes, når du klikker på Gem.</translation>
    </message>
    <message>
        <source>&amp;Open e-conomic</source>
        <translation>&amp;Åbn e-conomic</translation>
    </message>
    <message>
        <source>Cop&amp;y link</source>
        <translation>Kopiér &amp;link</translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation>Tok&amp;en:</translation>
    </message>
    <message>
        <source>New e-conomic token</source>
        <translation>Nyt token fra e-conomic</translation>
    </message>
    <message>
        <source>Paste the token or the whole address</source>
        <translation>Indsæt tokenet eller hele adressen</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>Kont&amp;rollér</translation>
    </message>
    <message>
        <source>Checking the connection with e-conomic…</source>
        <translation>Tjekker forbindelsen hos e-conomic…</translation>
    </message>
    <message>
        <source>This export is not connected to e-conomic. Click Reconnect.</source>
        <translation>Eksporten er ikke forbundet til e-conomic. Klik på Forbind igen.</translation>
    </message>
    <message>
        <source>The app&apos;s own token is not on this computer, so the connection cannot be checked. Set up a new export once on this computer, or ask your IT department.</source>
        <translation>Appens eget token findes ikke på denne computer, så forbindelsen kan ikke tjekkes. Opsæt en ny eksport én gang på denne computer, eller spørg din IT-afdeling.</translation>
    </message>
    <message>
        <source>Checking the token with e-conomic…</source>
        <translation>Kontrollerer tokenet hos e-conomic…</translation>
    </message>
    <message>
        <source>Connected to &lt;b&gt;{company}&lt;/b&gt;, agreement number {number}, as user {user}.</source>
        <translation>Forbundet til &lt;b&gt;{company}&lt;/b&gt;, aftalenummer {number}, som brugeren {user}.</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Done — look for this icon by the clock</source>
        <translation>Færdig — se efter dette ikon ved uret</translation>
    </message>
    <message>
        <source>The export is set up and saved.</source>
        <translation>Eksporten er sat op og gemt.</translation>
    </message>
    <message>
        <source>The exporter&apos;s icon</source>
        <translation>Eksportprogrammets ikon</translation>
    </message>
    <message>
        <source>The exporter lives in the notification area by the clock (on Windows it may hide under the small arrow ^). Click the icon for &lt;b&gt;Transfer now&lt;/b&gt;, &lt;b&gt;History&lt;/b&gt; and &lt;b&gt;Settings&lt;/b&gt;.</source>
        <translation>Eksportprogrammet ligger i meddelelsesområdet ved uret (i Windows gemmer det sig måske under den lille pil ^). Klik på ikonet for &lt;b&gt;Overfør nu&lt;/b&gt;, &lt;b&gt;Historik&lt;/b&gt; og &lt;b&gt;Indstillinger&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>The exporter is running now.</source>
        <translation>Eksportprogrammet kører nu.</translation>
    </message>
    <message>
        <source>The exporter is not running yet: start Acubiz e-conomic Export from your programs.</source>
        <translation>Eksportprogrammet kører ikke endnu: start Acubiz e-conomic Export fra dine programmer.</translation>
    </message>
    <message>
        <source>It starts by itself each time you log in.</source>
        <translation>Det starter af sig selv, hver gang du logger ind.</translation>
    </message>
    <message>
        <source>Nothing is sent by itself: click the icon and choose &lt;b&gt;Transfer now&lt;/b&gt; when you want to send the expenses to e-conomic.</source>
        <translation>Intet sendes af sig selv: klik på ikonet, og vælg &lt;b&gt;Overfør nu&lt;/b&gt;, når du vil sende udlæggene til e-conomic.</translation>
    </message>
    <message>
        <source>The next transfer is &lt;b&gt;{when}&lt;/b&gt;. Then every day at that time, the exporter sends what is in the inbox to e-conomic by itself.</source>
        <translation>Næste overførsel er &lt;b&gt;{when}&lt;/b&gt;. Derefter sender eksportprogrammet hver dag på det tidspunkt selv det, der ligger i indbakken, til e-conomic.</translation>
    </message>
</context>
<context>
    <name>ErrorPanel</name>
    <message>
        <source>&amp;Details</source>
        <translation>&amp;Detaljer</translation>
    </message>
    <message>
        <source>Details for support</source>
        <translation>Detaljer til support</translation>
    </message>
</context>
<context>
    <name>ErrorTexts</name>
    <message>
        <source>Something unexpected went wrong</source>
        <translation>Der skete en uventet fejl</translation>
    </message>
    <message>
        <source>Try again. If it happens again, send the details below to support.</source>
        <translation>Prøv igen. Sker det igen, så send detaljerne herunder til support.</translation>
    </message>
    <message>
        <source>e-conomic said: {text}</source>
        <translation>e-conomic svarede: {text}</translation>
    </message>
    <message>
        <source>Error code: {code}</source>
        <translation>Fejlkode: {code}</translation>
    </message>
    <message>
        <source>logId: {log_id}</source>
        <translation>logId: {log_id}</translation>
    </message>
    <message>
        <source>Hint: {hint}</source>
        <translation>Tip: {hint}</translation>
    </message>
</context>
<context>
    <name>FolderField</name>
    <message>
        <source>The folder could not be created: {reason}. Choose another place.</source>
        <translation>Mappen kunne ikke oprettes: {reason}. Vælg et andet sted.</translation>
    </message>
    <message>
        <source>Enter the full path of the folder, or choose it with Browse.</source>
        <translation>Skriv mappens fulde sti, eller vælg den med Gennemse.</translation>
    </message>
    <message>
        <source>This folder does not exist yet.</source>
        <translation>Mappen findes ikke endnu.</translation>
    </message>
    <message>
        <source>This is a file, not a folder. Choose a folder.</source>
        <translation>Det er en fil, ikke en mappe. Vælg en mappe.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Gennemse…</translation>
    </message>
    <message>
        <source>Create folder</source>
        <translation>Opret mappe</translation>
    </message>
</context>
<context>
    <name>FoldersTab</name>
    <message>
        <source>Folders: choose an inbox folder that exists.</source>
        <translation>Mapper: vælg en indbakkemappe, der findes.</translation>
    </message>
    <message>
        <source>Folders: choose a receipts folder that exists, or leave it empty.</source>
        <translation>Mapper: vælg en kvitteringsmappe, der findes, eller lad feltet være tomt.</translation>
    </message>
    <message>
        <source>Folders: choose a folder for the import file that exists.</source>
        <translation>Mapper: vælg en mappe til importfilen, der findes.</translation>
    </message>
    <message>
        <source>The inbox folder is where Acubiz writes the files. Files that were sent are moved to its “sent” folder; nothing is ever deleted.</source>
        <translation>Indbakkemappen er der, hvor Acubiz skriver filerne. Sendte filer flyttes til dens mappe “sent” (sendt); intet bliver nogensinde slettet.</translation>
    </message>
    <message>
        <source>&amp;Inbox folder:</source>
        <translation>&amp;Indbakkemappe:</translation>
    </message>
    <message>
        <source>Inbox folder</source>
        <translation>Indbakkemappe</translation>
    </message>
    <message>
        <source>Choose the folder Acubiz writes the files to</source>
        <translation>Vælg mappen, som Acubiz skriver filerne i</translation>
    </message>
    <message>
        <source>&amp;Receipts folder:</source>
        <translation>K&amp;vitteringsmappe:</translation>
    </message>
    <message>
        <source>Receipts folder</source>
        <translation>Kvitteringsmappe</translation>
    </message>
    <message>
        <source>Empty: the receipts are in the inbox</source>
        <translation>Tom: kvitteringerne ligger i indbakken</translation>
    </message>
    <message>
        <source>Choose the folder with the receipts</source>
        <translation>Vælg mappen med kvitteringerne</translation>
    </message>
    <message>
        <source>A&amp;ttach the receipts to the vouchers (bilag)</source>
        <translation>Ve&amp;dhæft kvitteringerne til bilagene</translation>
    </message>
    <message>
        <source>Folder for the im&amp;port file:</source>
        <translation>Mappe til importfi&amp;l:</translation>
    </message>
    <message>
        <source>Folder for the import file</source>
        <translation>Mappe til importfil</translation>
    </message>
    <message>
        <source>Choose the folder for the import file</source>
        <translation>Vælg mappen til importfilen</translation>
    </message>
</context>
<context>
    <name>JournalPage</name>
    <message>
        <source>Choose the journal</source>
        <translation>Vælg kassekladden</translation>
    </message>
    <message>
        <source>The cash journal (kassekladde) in e-conomic the expenses go to.</source>
        <translation>Kassekladden i e-conomic, som udlæggene sendes til.</translation>
    </message>
    <message>
        <source>In e-conomic, create a cash journal (kassekladde) for the expenses, if there is none yet:&lt;ul&gt;&lt;li&gt;name it &lt;b&gt;ACUBIZ EMS&lt;/b&gt; (or the name you enter below),&lt;/li&gt;&lt;li&gt;give it &lt;b&gt;its own voucher number series&lt;/b&gt; that no other journal uses (for example 900000–999999),&lt;/li&gt;&lt;li&gt;allow &lt;b&gt;finance entries&lt;/b&gt; (finansbilag).&lt;/li&gt;&lt;/ul&gt;This program never creates or changes anything in e-conomic on its own.</source>
        <translation>Opret en kassekladde til udlæggene i e-conomic, hvis der ikke er en endnu:&lt;ul&gt;&lt;li&gt;kald den &lt;b&gt;ACUBIZ EMS&lt;/b&gt; (eller det navn, du skriver herunder),&lt;/li&gt;&lt;li&gt;giv den &lt;b&gt;sin egen bilagsnummerserie&lt;/b&gt;, som ingen anden kassekladde bruger (f.eks. 900000–999999),&lt;/li&gt;&lt;li&gt;tillad &lt;b&gt;finansbilag&lt;/b&gt;.&lt;/li&gt;&lt;/ul&gt;Programmet opretter eller ændrer aldrig noget i e-conomic af sig selv.</translation>
    </message>
    <message>
        <source>&amp;Journal name:</source>
        <translation>Navn på &amp;kassekladde:</translation>
    </message>
    <message>
        <source>Journal name</source>
        <translation>Navn på kassekladde</translation>
    </message>
    <message>
        <source>Journals in e-conomic</source>
        <translation>Kassekladder i e-conomic</translation>
    </message>
    <message>
        <source>C&amp;heck again</source>
        <translation>T&amp;jek igen</translation>
    </message>
    <message>
        <source>C&amp;heck</source>
        <translation>T&amp;jek</translation>
    </message>
    <message>
        <source>Looking for the journal in e-conomic…</source>
        <translation>Leder efter kassekladden i e-conomic…</translation>
    </message>
    <message>
        <source>Found journal &lt;b&gt;{name}&lt;/b&gt; (number {number}), vouchers {range}.</source>
        <translation>Kassekladden &lt;b&gt;{name}&lt;/b&gt; er fundet (nummer {number}), bilag {range}.</translation>
    </message>
    <message>
        <source>This journal only accepts “{kind}” entries, so expenses cannot be posted to it. In e-conomic, allow finance entries (finansbilag) in the journal&apos;s settings, or choose another journal, then click Check again.</source>
        <translation>Kassekladden tager kun imod posteringer af typen “{kind}”, så udlæggene kan ikke bogføres i den. Tillad finansbilag i kassekladdens indstillinger i e-conomic, eller vælg en anden kassekladde, og klik så på Tjek igen.</translation>
    </message>
    <message>
        <source>There is no journal called &lt;b&gt;{name}&lt;/b&gt; in e-conomic. Create it in e-conomic and click Check again, or pick one of the journals below.</source>
        <translation>Der er ingen kassekladde, der hedder &lt;b&gt;{name}&lt;/b&gt;, i e-conomic. Opret den i e-conomic, og klik på Tjek igen, eller vælg en af kassekladderne herunder.</translation>
    </message>
    <message>
        <source>Did you mean &lt;b&gt;{name}&lt;/b&gt;?</source>
        <translation>Mente du &lt;b&gt;{name}&lt;/b&gt;?</translation>
    </message>
    <message>
        <source>Journals in e-conomic (click one to use it):</source>
        <translation>Kassekladder i e-conomic (klik på en for at bruge den):</translation>
    </message>
    <message>
        <source>&lt;b&gt;{journal}&lt;/b&gt; looks like the company&apos;s main journal: the expenses would mix with the daily bookkeeping. Create a journal of its own for them in e-conomic (for example ACUBIZ EMS, vouchers 900000–999999) and choose it here.</source>
        <translation>&lt;b&gt;{journal}&lt;/b&gt; ligner virksomhedens almindelige kassekladde: udlæggene ville blive blandet med den daglige bogføring. Opret en kassekladde kun til dem i e-conomic (f.eks. ACUBIZ EMS med bilag 900000–999999), og vælg den her.</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt; ({range})</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt; ({range})</translation>
    </message>
    <message>
        <source>Its voucher numbers overlap with {others}. Give &lt;b&gt;{journal}&lt;/b&gt; a number series of its own in e-conomic (for example 900000–999999), so two vouchers never get the same number.</source>
        <translation>Dens bilagsnumre overlapper med {others}. Giv &lt;b&gt;{journal}&lt;/b&gt; sin egen nummerserie i e-conomic (f.eks. 900000–999999), så to bilag aldrig får samme nummer.</translation>
    </message>
    <message>
        <source>The export &lt;b&gt;{exports}&lt;/b&gt; already sends to this journal. Give each export a journal of its own, so you can tell their vouchers apart.</source>
        <translation>Eksporten &lt;b&gt;{exports}&lt;/b&gt; sender allerede til denne kassekladde. Giv hver eksport sin egen kassekladde, så I kan skelne deres bilag fra hinanden.</translation>
    </message>
    <message>
        <source>To go on, enter the name of the journal.</source>
        <translation>For at gå videre: skriv kassekladdens navn.</translation>
    </message>
    <message>
        <source>Next is available when e-conomic has answered.</source>
        <translation>Næste kan vælges, når e-conomic har svaret.</translation>
    </message>
    <message>
        <source>To go on, click Check.</source>
        <translation>For at gå videre: klik på Tjek.</translation>
    </message>
    <message>
        <source>To go on, create the journal in e-conomic and click Check again, or pick one of the journals above.</source>
        <translation>For at gå videre: opret kassekladden i e-conomic, og klik på Tjek igen, eller vælg en af kassekladderne ovenfor.</translation>
    </message>
    <message>
        <source>To go on, allow finance entries in this journal in e-conomic, or choose another journal.</source>
        <translation>For at gå videre: tillad finansbilag i kassekladden i e-conomic, eller vælg en anden kassekladde.</translation>
    </message>
    <message>
        <source>{number} – {name} (vouchers {range})</source>
        <translation>{number} – {name} (bilag {range})</translation>
    </message>
    <message>
        <source>from {low}, no upper limit</source>
        <translation>fra {low}, ingen øvre grænse</translation>
    </message>
</context>
<context>
    <name>JournalTab</name>
    <message>
        <source>Journal: enter the name of the journal (kassekladde).</source>
        <translation>Kassekladde: skriv navnet på kassekladden.</translation>
    </message>
    <message>
        <source>Journal: click Check to look the journal up in e-conomic.</source>
        <translation>Kassekladde: klik på Tjek for at finde kassekladden i e-conomic.</translation>
    </message>
    <message>
        <source>Journal: choose a journal that e-conomic has and that takes finance entries.</source>
        <translation>Kassekladde: vælg en kassekladde, som findes i e-conomic og tager finansbilag.</translation>
    </message>
    <message>
        <source>The cash journal (kassekladde) in e-conomic the expenses are posted to. It should have a voucher number series (bilagsnumre) of its own that no other journal uses.</source>
        <translation>Kassekladden i e-conomic, som udlæggene bogføres i. Den bør have sin egen bilagsnummerserie, som ingen anden kassekladde bruger.</translation>
    </message>
    <message>
        <source>Journal na&amp;me:</source>
        <translation>Kassekladdens na&amp;vn:</translation>
    </message>
    <message>
        <source>Journal name</source>
        <translation>Navn på kassekladde</translation>
    </message>
    <message>
        <source>C&amp;heck</source>
        <translation>T&amp;jek</translation>
    </message>
    <message>
        <source>Journals in e-conomic</source>
        <translation>Kassekladder i e-conomic</translation>
    </message>
    <message>
        <source>Journals in e-conomic (click one to use it):</source>
        <translation>Kassekladder i e-conomic (klik på en for at bruge den):</translation>
    </message>
    <message>
        <source>Looking for the journal in e-conomic…</source>
        <translation>Leder efter kassekladden i e-conomic…</translation>
    </message>
    <message>
        <source>Connect to e-conomic first (the Connection tab) to check the journal.</source>
        <translation>Forbind først til e-conomic (fanen Forbindelse) for at tjekke kassekladden.</translation>
    </message>
    <message>
        <source>Found journal &lt;b&gt;{name}&lt;/b&gt; (number {number}), vouchers {range}.</source>
        <translation>Kassekladden &lt;b&gt;{name}&lt;/b&gt; er fundet (nummer {number}), bilag {range}.</translation>
    </message>
    <message>
        <source>This journal does not take finance entries (finansbilag), so the expenses cannot be posted to it. Allow them in the journal&apos;s settings in e-conomic, or choose another journal.</source>
        <translation>Denne kassekladde tager ikke finansbilag, så udlæggene kan ikke bogføres i den. Tillad finansbilag i kassekladdens indstillinger i e-conomic, eller vælg en anden kassekladde.</translation>
    </message>
    <message>
        <source>Its voucher numbers overlap with journal &lt;b&gt;{name}&lt;/b&gt; ({range}). Give it a number series of its own in e-conomic.</source>
        <translation>Dens bilagsnumre overlapper med kassekladden &lt;b&gt;{name}&lt;/b&gt; ({range}). Giv den sin egen nummerserie i e-conomic.</translation>
    </message>
    <message>
        <source>There is no journal called &lt;b&gt;{name}&lt;/b&gt; in e-conomic. Pick one below, or create it in e-conomic and click Check.</source>
        <translation>Der er ingen kassekladde, der hedder &lt;b&gt;{name}&lt;/b&gt;, i e-conomic. Vælg en nedenfor, eller opret den i e-conomic, og klik på Tjek.</translation>
    </message>
    <message>
        <source>Did you mean &lt;b&gt;{name}&lt;/b&gt;?</source>
        <translation>Mente du &lt;b&gt;{name}&lt;/b&gt;?</translation>
    </message>
    <message>
        <source>{number} – {name} (vouchers {range})</source>
        <translation>{number} – {name} (bilag {range})</translation>
    </message>
    <message>
        <source>from {low}, no upper limit</source>
        <translation>fra {low}, ingen øvre grænse</translation>
    </message>
</context>
<context>
    <name>ProfilePage</name>
    <message>
        <source>{name} (number {number})</source>
        <translation>{name} (nummer {number})</translation>
    </message>
    <message>
        <source>Remove the spaces at the start and end of the name.</source>
        <translation>Fjern mellemrummene i starten og slutningen af navnet.</translation>
    </message>
    <message>
        <source>An export called “{name}” exists already. Choose another name, or go back to the first page and choose it to edit it.</source>
        <translation>Der findes allerede en eksport, der hedder “{name}”. Vælg et andet navn, eller gå tilbage til første side, og vælg den for at rette den.</translation>
    </message>
    <message>
        <source>Your e-conomic agreement does not seem to include receipt scanning, so e-conomic may refuse the receipts. Ask e-conomic, or untick this.</source>
        <translation>Jeres e-conomic-aftale ser ikke ud til at omfatte bilagsscanning, så e-conomic afviser måske kvitteringerne. Spørg e-conomic, eller fjern fluebenet.</translation>
    </message>
    <message>
        <source>Set up the export</source>
        <translation>Opsæt eksporten</translation>
    </message>
    <message>
        <source>What to send, when, and where the files from Acubiz arrive.</source>
        <translation>Hvad der sendes, hvornår, og hvor filerne fra Acubiz lander.</translation>
    </message>
    <message>
        <source>Profile na&amp;me:</source>
        <translation>&amp;Profilnavn:</translation>
    </message>
    <message>
        <source>Give the export a name, for example “Expenses”.</source>
        <translation>Giv eksporten et navn, f.eks. “Udlæg”.</translation>
    </message>
    <message>
        <source>To go on, correct the name (see above).</source>
        <translation>For at gå videre: ret navnet (se ovenfor).</translation>
    </message>
    <message>
        <source>the inbox folder</source>
        <translation>indbakkemappen</translation>
    </message>
    <message>
        <source>the folder for the import file</source>
        <translation>mappen til importfilen</translation>
    </message>
    <message>
        <source>the receipts folder</source>
        <translation>kvitteringsmappen</translation>
    </message>
    <message>
        <source>To go on, choose {what}.</source>
        <translation>For at gå videre: vælg {what}.</translation>
    </message>
    <message>
        <source>To go on, {what} must be an existing folder: click Create folder, or choose another one.</source>
        <translation>For at gå videre skal {what} være en mappe, der findes: klik på Opret mappe, eller vælg en anden.</translation>
    </message>
    <message>
        <source>&amp;Send:</source>
        <translation>&amp;Sendes:</translation>
    </message>
    <message>
        <source>Folder for the im&amp;port file:</source>
        <translation>Mappe til imp&amp;ortfil:</translation>
    </message>
    <message>
        <source>Journal:</source>
        <translation>Kassekladde:</translation>
    </message>
    <message>
        <source>Integration type:</source>
        <translation>Integrationstype:</translation>
    </message>
    <message>
        <source>E&amp;xport type:</source>
        <translation>&amp;Eksporttype:</translation>
    </message>
    <message>
        <source>&amp;Daily at:</source>
        <translation>&amp;Dagligt kl.:</translation>
    </message>
    <message>
        <source>&amp;Inbox folder:</source>
        <translation>&amp;Indbakkemappe:</translation>
    </message>
    <message>
        <source>&amp;Receipts folder:</source>
        <translation>K&amp;vitteringsmappe:</translation>
    </message>
    <message>
        <source>&amp;File format:</source>
        <translation>&amp;Filformat:</translation>
    </message>
    <message>
        <source>&amp;Vouchers:</source>
        <translation>&amp;Bilag:</translation>
    </message>
    <message>
        <source>Receip&amp;ts:</source>
        <translation>&amp;Kvitteringer:</translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation>Profilnavn</translation>
    </message>
    <message>
        <source>How the expenses are sent</source>
        <translation>Sådan sendes udlæggene</translation>
    </message>
    <message>
        <source>Straight into the journal in e-conomic</source>
        <translation>Direkte i kassekladden i e-conomic</translation>
    </message>
    <message>
        <source>As an import file in a folder</source>
        <translation>Som importfil i en mappe</translation>
    </message>
    <message>
        <source>Automatic — every day</source>
        <translation>Automatisk — hver dag</translation>
    </message>
    <message>
        <source>Folder for the import file</source>
        <translation>Mappe til importfil</translation>
    </message>
    <message>
        <source>Journal</source>
        <translation>Kassekladde</translation>
    </message>
    <message>
        <source>Integration type</source>
        <translation>Integrationstype</translation>
    </message>
    <message>
        <source>Export type</source>
        <translation>Eksporttype</translation>
    </message>
    <message>
        <source>Daily time</source>
        <translation>Klokkeslæt</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Tidszone</translation>
    </message>
    <message>
        <source>Inbox folder</source>
        <translation>Indbakkemappe</translation>
    </message>
    <message>
        <source>Receipts folder</source>
        <translation>Kvitteringsmappe</translation>
    </message>
    <message>
        <source>File format</source>
        <translation>Filformat</translation>
    </message>
    <message>
        <source>Vouchers</source>
        <translation>Bilag</translation>
    </message>
    <message>
        <source>Attach receipts</source>
        <translation>Vedhæft kvitteringer</translation>
    </message>
    <message>
        <source>Manual — only when I click Transfer now</source>
        <translation>Manuel — kun når jeg klikker Overfør nu</translation>
    </message>
    <message>
        <source>Automatic (recognise the file)</source>
        <translation>Automatisk (genkend filen)</translation>
    </message>
    <message>
        <source>Acubiz posting file</source>
        <translation>Acubiz-posteringsfil</translation>
    </message>
    <message>
        <source>Simple CSV or JSON file</source>
        <translation>Enkel CSV- eller JSON-fil</translation>
    </message>
    <message>
        <source>One voucher per expense report</source>
        <translation>Ét bilag pr. udlægsrapport</translation>
    </message>
    <message>
        <source>One voucher per file</source>
        <translation>Ét bilag pr. fil</translation>
    </message>
    <message>
        <source>One voucher per employee and day</source>
        <translation>Ét bilag pr. medarbejder og dag</translation>
    </message>
    <message>
        <source>Attach the receipts to the vouchers</source>
        <translation>Vedhæft kvitteringerne til bilagene</translation>
    </message>
    <message>
        <source>Empty: the receipts are in the inbox</source>
        <translation>Tom: kvitteringerne ligger i indbakken</translation>
    </message>
    <message>
        <source>Choose the folder Acubiz writes the files to</source>
        <translation>Vælg mappen, som Acubiz skriver filerne i</translation>
    </message>
    <message>
        <source>Choose the folder with the receipts</source>
        <translation>Vælg mappen med kvitteringerne</translation>
    </message>
    <message>
        <source>Choose the folder for the import file</source>
        <translation>Vælg mappen til importfilen</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Søg i:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>Fil&amp;type:</translation>
    </message>
</context>
<context>
    <name>ScheduleTab</name>
    <message>
        <source>Schedule: enter the daily time, for example 16:00.</source>
        <translation>Tidsplan: skriv klokkeslættet, f.eks. 16:00.</translation>
    </message>
    <message>
        <source>When the exporter in the system tray sends what is ready. If the computer is off or asleep at that time, it sends as soon as it is back.</source>
        <translation>Hvornår eksportprogrammet i systembakken sender det, der er klar. Er computeren slukket eller i dvale på det tidspunkt, sender det, så snart den er tændt igen.</translation>
    </message>
    <message>
        <source>&amp;Transfers:</source>
        <translation>Ov&amp;erførsler:</translation>
    </message>
    <message>
        <source>Automatic — every day</source>
        <translation>Automatisk — hver dag</translation>
    </message>
    <message>
        <source>Manual — only when I click Transfer now</source>
        <translation>Manuelt — kun når jeg klikker på Overfør nu</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>Overførsler</translation>
    </message>
    <message>
        <source>&amp;Daily at:</source>
        <translation>&amp;Dagligt kl.:</translation>
    </message>
    <message>
        <source>Daily time</source>
        <translation>Klokkeslæt</translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation>Tids&amp;zone:</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Tidszone</translation>
    </message>
    <message>
        <source>Nothing is sent by itself: use Transfer now in the tray menu.</source>
        <translation>Intet sendes af sig selv: brug Overfør nu i menuen i systembakken.</translation>
    </message>
    <message>
        <source>Next transfer: {when}.</source>
        <translation>Næste overførsel: {when}.</translation>
    </message>
</context>
<context>
    <name>SecretField</name>
    <message>
        <source>Hide the token</source>
        <translation>Skjul tokenet</translation>
    </message>
    <message>
        <source>Show the token</source>
        <translation>Vis tokenet</translation>
    </message>
</context>
<context>
    <name>SettingsChooser</name>
    <message>
        <source>Settings</source>
        <translation>Indstillinger</translation>
    </message>
    <message>
        <source>Which &amp;export do you want to change?</source>
        <translation>Hvilken &amp;eksport vil du ændre?</translation>
    </message>
    <message>
        <source>Exports</source>
        <translation>Eksporter</translation>
    </message>
    <message>
        <source>&amp;Open settings</source>
        <translation>Å&amp;bn indstillinger</translation>
    </message>
    <message>
        <source>Set up a &amp;new export…</source>
        <translation>Opsæt en &amp;ny eksport…</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Unsaved changes</source>
        <translation>Ændringer er ikke gemt</translation>
    </message>
    <message>
        <source>Save the changes to “{name}”?</source>
        <translation>Gem ændringerne i “{name}”?</translation>
    </message>
    <message>
        <source>If you do not save them, the export stays as it was.</source>
        <translation>Hvis du ikke gemmer dem, forbliver eksporten som den var.</translation>
    </message>
    <message>
        <source>No changes yet.</source>
        <translation>Ingen ændringer endnu.</translation>
    </message>
    <message>
        <source>Settings – {name}</source>
        <translation>Indstillinger – {name}</translation>
    </message>
    <message>
        <source>every day at {time}</source>
        <translation>hver dag kl. {time}</translation>
    </message>
    <message>
        <source>only when you click Transfer now</source>
        <translation>kun når du klikker på Overfør nu</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt; sends to the journal {journal}, {when}.</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt; sender til kassekladden {journal}, {when}.</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>&amp;Forbindelse</translation>
    </message>
    <message>
        <source>&amp;Journal</source>
        <translation>&amp;Kassekladde</translation>
    </message>
    <message>
        <source>Sch&amp;edule</source>
        <translation>&amp;Tidsplan</translation>
    </message>
    <message>
        <source>&amp;Folders</source>
        <translation>&amp;Mapper</translation>
    </message>
    <message>
        <source>&amp;Accounts</source>
        <translation>K&amp;onti</translation>
    </message>
    <message>
        <source>Set up a &amp;new export…</source>
        <translation>Opsæt en &amp;ny eksport…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Gem</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Acubiz e-conomic Export – setup</source>
        <translation>Acubiz e-conomic Export – opsætning</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>&amp;Afslut</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Luk</translation>
    </message>
    <message>
        <source>Cancel the setup?</source>
        <translation>Annullér opsætningen?</translation>
    </message>
    <message>
        <source>What you entered is not saved, and the export is not set up.</source>
        <translation>Det, du har indtastet, bliver ikke gemt, og eksporten bliver ikke sat op.</translation>
    </message>
    <message>
        <source>&amp;Cancel the setup</source>
        <translation>&amp;Annullér opsætningen</translation>
    </message>
    <message>
        <source>&amp;Keep setting up</source>
        <translation>&amp;Fortsæt opsætningen</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Check and finish</source>
        <translation>Kontrollér og afslut</translation>
    </message>
    <message>
        <source>Nothing is saved until you click Finish.</source>
        <translation>Intet gemmes, før du klikker Afslut.</translation>
    </message>
    <message>
        <source>&amp;Test transfer</source>
        <translation>&amp;Prøveoverførsel</translation>
    </message>
    <message>
        <source>Reads the inbox and checks everything with e-conomic, but sends nothing.</source>
        <translation>Læser indbakken og tjekker alt hos e-conomic, men sender intet.</translation>
    </message>
    <message>
        <source>Result of the test transfer</source>
        <translation>Resultat af prøveoverførslen</translation>
    </message>
    <message>
        <source>&amp;Start the exporter now</source>
        <translation>&amp;Start eksporten nu</translation>
    </message>
    <message>
        <source>Start the exporter when I &amp;log in</source>
        <translation>Start eksporten, når jeg &amp;logger ind</translation>
    </message>
    <message>
        <source>Test transfer running — nothing is sent…</source>
        <translation>Prøveoverførslen kører — intet sendes…</translation>
    </message>
    <message>
        <source>The test transfer is not available in this version yet. You can save the settings anyway.</source>
        <translation>Prøveoverførslen findes ikke i denne version endnu. Du kan gemme indstillingerne alligevel.</translation>
    </message>
    <message>
        <source>The settings are saved, but this did not work: {message} Click Finish to close the wizard.</source>
        <translation>Indstillingerne er gemt, men dette lykkedes ikke: {message} Klik på Afslut for at lukke guiden.</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Virksomhed</translation>
    </message>
    <message>
        <source>{company}, agreement number {number}</source>
        <translation>{company}, aftalenummer {number}</translation>
    </message>
    <message>
        <source>Journal</source>
        <translation>Kassekladde</translation>
    </message>
    <message>
        <source>{name} (number {number})</source>
        <translation>{name} (nummer {number})</translation>
    </message>
    <message>
        <source>Export profile</source>
        <translation>Eksportprofil</translation>
    </message>
    <message>
        <source>Only when you click Transfer now</source>
        <translation>Kun når du klikker Overfør nu</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Hvornår</translation>
    </message>
    <message>
        <source>How</source>
        <translation>Hvordan</translation>
    </message>
    <message>
        <source>An import file in {folder}</source>
        <translation>En importfil i {folder}</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Indbakke</translation>
    </message>
    <message>
        <source>Attached to the vouchers, from {folder}</source>
        <translation>Vedhæftes bilagene, fra {folder}</translation>
    </message>
    <message>
        <source>Not attached</source>
        <translation>Vedhæftes ikke</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>Kvitteringer</translation>
    </message>
    <message>
        <source>1 category mapped to an account</source>
        <translation>1 kategori knyttet til en konto</translation>
    </message>
    <message>
        <source>{count} categories mapped to accounts</source>
        <translation>{count} kategorier knyttet til konti</translation>
    </message>
    <message>
        <source>As given in the files</source>
        <translation>Som angivet i filerne</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Konti</translation>
    </message>
    <message>
        <source>From Acubiz dimension {number}: {pairs}</source>
        <translation>Fra Acubiz-dimension {number}: {pairs}</translation>
    </message>
    <message>
        <source>Departments</source>
        <translation>Afdelinger</translation>
    </message>
    <message>
        <source>The inbox is empty: there is nothing to send right now.</source>
        <translation>Indbakken er tom: der er intet at sende lige nu.</translation>
    </message>
    <message>
        <source>1 line would be held back until it is fixed — see why below.</source>
        <translation>1 linje ville blive holdt tilbage, indtil den er rettet — se hvorfor nedenfor.</translation>
    </message>
    <message>
        <source>{count} lines would be held back until they are fixed — see why below.</source>
        <translation>{count} linjer ville blive holdt tilbage, indtil de er rettet — se hvorfor nedenfor.</translation>
    </message>
    <message>
        <source>1 line would be sent.</source>
        <translation>1 linje ville blive sendt.</translation>
    </message>
    <message>
        <source>Every day at {time}</source>
        <translation>Hver dag kl. {time}</translation>
    </message>
    <message>
        <source>Straight into the journal in e-conomic</source>
        <translation>Direkte i kassekladden i e-conomic</translation>
    </message>
    <message>
        <source>{count} lines would be sent.</source>
        <translation>{count} linjer ville blive sendt.</translation>
    </message>
    <message>
        <source>1 line was sent before and is skipped.</source>
        <translation>1 linje er sendt før og springes over.</translation>
    </message>
    <message>
        <source>{count} lines were sent before and are skipped.</source>
        <translation>{count} linjer er sendt før og springes over.</translation>
    </message>
    <message>
        <source>1 line would be rejected — see why below.</source>
        <translation>1 linje ville blive afvist — se hvorfor herunder.</translation>
    </message>
    <message>
        <source>{count} lines would be rejected — see why below.</source>
        <translation>{count} linjer ville blive afvist — se hvorfor herunder.</translation>
    </message>
    <message>
        <source>See the problems below.</source>
        <translation>Se problemerne herunder.</translation>
    </message>
    <message>
        <source>would be rejected</source>
        <translation>ville blive afvist</translation>
    </message>
    <message>
        <source>holds no postings</source>
        <translation>indeholder ingen posteringer</translation>
    </message>
    <message>
        <source>1 line would be sent</source>
        <translation>1 linje ville blive sendt</translation>
    </message>
    <message>
        <source>{count} lines would be sent</source>
        <translation>{count} linjer ville blive sendt</translation>
    </message>
    <message>
        <source>line {number}</source>
        <translation>linje {number}</translation>
    </message>
</context>
<context>
    <name>TimeField</name>
    <message>
        <source>= {time}</source>
        <translation>= {time}</translation>
    </message>
    <message>
        <source>Enter a time, for example 16:00</source>
        <translation>Skriv et klokkeslæt, f.eks. 16:00</translation>
    </message>
    <message>
        <source>Not a time of day. Write it like 16:00 or 7.30</source>
        <translation>Ikke et klokkeslæt. Skriv det som 16:00 eller 7.30</translation>
    </message>
    <message>
        <source>Hours and minutes, for example 16:00, 7:44, 07.44 or 0744</source>
        <translation>Timer og minutter, f.eks. 16:00, 7:44, 07.44 eller 0744</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Sent</source>
        <translation>Sendt</translation>
    </message>
    <message>
        <source>Already sent earlier</source>
        <translation>Sendt tidligere</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Venter</translation>
    </message>
    <message>
        <source>Refused by e-conomic</source>
        <translation>Afvist af e-conomic</translation>
    </message>
    <message>
        <source>Waiting in the inbox</source>
        <translation>Venter i indbakken</translation>
    </message>
    <message>
        <source>No postings in it</source>
        <translation>Ingen posteringer i den</translation>
    </message>
    <message>
        <source>Post it again</source>
        <translation>Bogfør den igen</translation>
    </message>
    <message>
        <source>History – {app}</source>
        <translation>Historik – {app}</translation>
    </message>
    <message>
        <source>Export:</source>
        <translation>Eksport:</translation>
    </message>
    <message>
        <source>When / file / line</source>
        <translation>Hvornår / fil / linje</translation>
    </message>
    <message>
        <source>How</source>
        <translation>Hvordan</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultat</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detaljer</translation>
    </message>
    <message>
        <source>Select a run, a file or a line to read about it here.</source>
        <translation>Vælg en overførsel, en fil eller en linje for at læse om den her.</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Prøv igen nu</translation>
    </message>
    <message>
        <source>Send what waits in this export&apos;s inbox now</source>
        <translation>Send det, der venter i eksportens indbakke, nu</translation>
    </message>
    <message>
        <source>Send again…</source>
        <translation>Send igen…</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Dato</translation>
    </message>
    <message>
        <source>Employee</source>
        <translation>Medarbejder</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Tekst</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Beløb</translation>
    </message>
    <message>
        <source>Account / contra</source>
        <translation>Konto / modkonto</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>Bilag</translation>
    </message>
    <message>
        <source>Not sent: the file could not be read</source>
        <translation>Ikke sendt: filen kunne ikke læses</translation>
    </message>
    <message>
        <source>Could not be read</source>
        <translation>Kunne ikke læses</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Andet</translation>
    </message>
    <message>
        <source>Don&apos;t send it</source>
        <translation>Send det ikke</translation>
    </message>
    <message>
        <source>Only problems</source>
        <translation>Kun problemer</translation>
    </message>
    <message>
        <source>Show only what needs you: held, refused or waiting postings, receipts to attach and files that could not be read</source>
        <translation>Vis kun det, der kræver dig: posteringer, der er holdt tilbage, afvist af e-conomic eller venter, kvitteringer, der skal vedhæftes, og filer, der ikke kunne læses</translation>
    </message>
    <message>
        <source>Post the selected sent line to e-conomic a second time (asks first)</source>
        <translation>Send den valgte, sendte linje til e-conomic en gang til (spørger først)</translation>
    </message>
    <message>
        <source>Don&apos;t send this…</source>
        <translation>Send ikke…</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Kopiér detaljer</translation>
    </message>
    <message>
        <source>Copy the selected run&apos;s problems for support (no tokens)</source>
        <translation>Kopiér den valgte overførsels problemer til support (uden tokens)</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Åbn mappe</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Luk</translation>
    </message>
    <message>
        <source>No transfers yet. The first one runs at the export&apos;s daily time, or now with Transfer now.</source>
        <translation>Ingen overførsler endnu. Den første kører på eksportens daglige tidspunkt, eller nu med Overfør nu.</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>Kopieret til udklipsholderen.</translation>
    </message>
    <message>
        <source>The folder {folder} is not there (any more). Is the drive connected?</source>
        <translation>Mappen {folder} findes ikke (længere). Er drevet tilsluttet?</translation>
    </message>
    <message>
        <source>No program opened the folder. It is here: {folder}</source>
        <translation>Intet program åbnede mappen. Den ligger her: {folder}</translation>
    </message>
    <message>
        <source>All exports</source>
        <translation>Alle eksporter</translation>
    </message>
    <message>
        <source>Sent in this transfer: {amount}</source>
        <translation>Sendt ved denne overførsel: {amount}</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>1 line</source>
        <translation>1 linje</translation>
    </message>
    <message>
        <source>{count} lines</source>
        <translation>{count} linjer</translation>
    </message>
    <message>
        <source>Line {number}</source>
        <translation>Linje {number}</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Linje</translation>
    </message>
    <message>
        <source>Voucher {number}, accounting year {year}</source>
        <translation>Bilag {number}, regnskabsår {year}</translation>
    </message>
    <message>
        <source>Transfer of {profile} started.</source>
        <translation>Overførsel af {profile} er startet.</translation>
    </message>
    <message>
        <source>Line {line} was already sent to e-conomic. Sending it again posts it a second time, as a new voucher in the journal.

Do this only when the first posting is gone from e-conomic (for example, deleted by mistake). Otherwise the expense is booked twice.</source>
        <translation>Linje {line} er allerede sendt til e-conomic. Sendes den igen, bogføres den en gang til, som et nyt bilag i kassekladden.

Gør det kun, hvis den første postering ikke længere findes i e-conomic (for eksempel slettet ved en fejl). Ellers bliver udlægget bogført to gange.</translation>
    </message>
    <message>
        <source>Post this line a second time?</source>
        <translation>Bogfør linjen en gang til?</translation>
    </message>
    <message>
        <source>Not sent again.</source>
        <translation>Ikke sendt igen.</translation>
    </message>
    <message>
        <source>Sending line {line} again…</source>
        <translation>Sender linje {line} igen…</translation>
    </message>
    <message>
        <source>Don&apos;t send this posting?</source>
        <translation>Skal denne postering ikke sendes?</translation>
    </message>
    <message>
        <source>{posting} ({name}) will not be sent to e-conomic, now or later. It stays in History as set aside, with who chose it and when; its file can then move to the sent folder.

Do this only when the posting must not be booked (for example, it was booked by hand in e-conomic).</source>
        <translation>{posting} ({name}) bliver ikke sendt til e-conomic, hverken nu eller senere. Den står i Historik som lagt til side, med hvem der valgte det og hvornår; dens fil kan derefter flyttes til mappen “sent” (sendt).

Gør det kun, hvis posteringen ikke skal bogføres (for eksempel fordi den er bogført manuelt i e-conomic).</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Intet er ændret.</translation>
    </message>
    <message>
        <source>{name} is set aside: it will not be sent.</source>
        <translation>{name} er lagt til side: den bliver ikke sendt.</translation>
    </message>
    <message>
        <source>{name} is no longer held: it was sent or set aside already.</source>
        <translation>{name} er ikke længere holdt tilbage: den er allerede sendt eller lagt til side.</translation>
    </message>
    <message>
        <source>Never send the selected held posting (asks first)</source>
        <translation>Send aldrig den valgte postering, der er holdt tilbage (spørger først)</translation>
    </message>
    <message>
        <source>Select a posting that is held back for a fix.</source>
        <translation>Vælg en postering, der er holdt tilbage til rettelse.</translation>
    </message>
    <message>
        <source>{app} {version} – run {run} of &quot;{profile}&quot;</source>
        <translation>{app} {version} – overførsel {run} af &quot;{profile}&quot;</translation>
    </message>
    <message>
        <source>Started {when} ({trigger}{slot})</source>
        <translation>Startet {when} ({trigger}{slot})</translation>
    </message>
    <message>
        <source>Result: {status} – {summary}</source>
        <translation>Resultat: {status} – {summary}</translation>
    </message>
    <message>
        <source>Details: {details}</source>
        <translation>Detaljer: {details}</translation>
    </message>
    <message>
        <source>{count} held back for a fix</source>
        <translation>{count} holdt tilbage til rettelse</translation>
    </message>
    <message>
        <source>1 in a file that could not be read</source>
        <translation>1 i en fil, der ikke kunne læses</translation>
    </message>
    <message>
        <source>{count} in files that could not be read</source>
        <translation>{count} i filer, der ikke kunne læses</translation>
    </message>
    <message>
        <source>{count} set aside</source>
        <translation>{count} lagt til side</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Ikke forbundet</translation>
    </message>
    <message>
        <source>No rights</source>
        <translation>Ingen rettigheder</translation>
    </message>
    <message>
        <source>Journal missing</source>
        <translation>Kassekladden mangler</translation>
    </message>
    <message>
        <source>Journal of the wrong type</source>
        <translation>Kassekladde af forkert type</translation>
    </message>
    <message>
        <source>Accounting year missing</source>
        <translation>Regnskabsår mangler</translation>
    </message>
    <message>
        <source>Accounting year closed</source>
        <translation>Regnskabsåret er lukket</translation>
    </message>
    <message>
        <source>Account problem</source>
        <translation>Problem med en konto</translation>
    </message>
    <message>
        <source>VAT code problem</source>
        <translation>Problem med en momskode</translation>
    </message>
    <message>
        <source>Currency problem</source>
        <translation>Problem med en valuta</translation>
    </message>
    <message>
        <source>Record of what was sent replaced</source>
        <translation>Oversigten over det sendte er erstattet</translation>
    </message>
    <message>
        <source>No network</source>
        <translation>Intet netværk</translation>
    </message>
    <message>
        <source>e-conomic unavailable</source>
        <translation>e-conomic er utilgængelig</translation>
    </message>
    <message>
        <source>Outcome unknown</source>
        <translation>Udfald ukendt</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Indstillinger</translation>
    </message>
    <message>
        <source>Already running</source>
        <translation>Kører allerede</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>Uventet fejl</translation>
    </message>
    <message>
        <source>(and {count} more; see History)</source>
        <translation>(og {count} mere; se Historik)</translation>
    </message>
    <message>
        <source>Transfers work again</source>
        <translation>Overførslerne virker igen</translation>
    </message>
    <message>
        <source>The problem is solved; the transfer went through.</source>
        <translation>Problemet er løst; overførslen gik igennem.</translation>
    </message>
    <message>
        <source>Nothing was waiting in the inbox.</source>
        <translation>Intet ventede i indbakken.</translation>
    </message>
    <message>
        <source>Today&apos;s transfer</source>
        <translation>Dagens overførsel</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Ikke startet</translation>
    </message>
    <message>
        <source>Nothing was sent: {reason}. The next transfer tries again.</source>
        <translation>Intet blev sendt: {reason}. Næste overførsel prøver igen.</translation>
    </message>
    <message>
        <source>Nothing was sent.</source>
        <translation>Intet blev sendt.</translation>
    </message>
    <message>
        <source>Needs you: {what}. See History.</source>
        <translation>Kræver handling: {what}. Se Historik.</translation>
    </message>
    <message>
        <source>Transfer finished – something needs you</source>
        <translation>Overførsel færdig – noget kræver din handling</translation>
    </message>
    <message>
        <source>Transfer finished</source>
        <translation>Overførsel færdig</translation>
    </message>
    <message>
        <source>This desktop has no area for tray icons, so the exporter shows this window instead. It keeps sending on schedule while the window is minimised or closed to the background.
On GNOME, install the ‘AppIndicator and KStatusNotifierItem Support’ extension and log in again to get the tray icon.</source>
        <translation>Dette skrivebord har intet område til ikoner i systembakken, så eksporten viser dette vindue i stedet. Den sender stadig til tiden, mens vinduet er minimeret eller lukket til baggrunden.
På GNOME: installer udvidelsen ‘AppIndicator and KStatusNotifierItem Support’ og log ind igen for at få ikonet.</translation>
    </message>
    <message>
        <source>Transfer now</source>
        <translation>Overfør nu</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>Historik…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Indstillinger…</translation>
    </message>
    <message>
        <source>More</source>
        <translation>Mere</translation>
    </message>
    <message>
        <source>Hide window</source>
        <translation>Skjul vindue</translation>
    </message>
    <message>
        <source>Transfers go on while the window is hidden. Start the program again to show it.</source>
        <translation>Overførslerne fortsætter, mens vinduet er skjult. Start programmet igen for at vise det.</translation>
    </message>
    <message>
        <source>The daily transfer only happens while the program runs. If you quit, transfers stop until you start the program again. Start {app} again to show this window.</source>
        <translation>Den daglige overførsel sker kun, mens programmet kører. Afslutter du, stopper overførslerne, indtil du starter programmet igen. Start {app} igen for at vise dette vindue.</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Afslut</translation>
    </message>
    <message>
        <source>Cancel transfer</source>
        <translation>Stop overførslen</translation>
    </message>
    <message>
        <source>Keep sending expenses in the background?</source>
        <translation>Bliv ved med at sende udlæg i baggrunden?</translation>
    </message>
    <message>
        <source>Keep running</source>
        <translation>Bliv ved</translation>
    </message>
    <message>
        <source>Nothing to transfer</source>
        <translation>Intet at overføre</translation>
    </message>
    <message>
        <source>No export is switched on. Open Settings… to set one up or switch it on.</source>
        <translation>Ingen eksport er slået til. Åbn Indstillinger… for at oprette en eller slå den til.</translation>
    </message>
    <message>
        <source>Not sent again yet</source>
        <translation>Ikke sendt igen endnu</translation>
    </message>
    <message>
        <source>A transfer of {profile} is running or waiting. Try Send again when it has finished.</source>
        <translation>En overførsel af {profile} kører eller venter. Prøv Send igen, når den er færdig.</translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation>Stopper efter det aktuelle trin…</translation>
    </message>
    <message>
        <source>Inbox folder not found</source>
        <translation>Indbakkemappen blev ikke fundet</translation>
    </message>
    <message>
        <source>The folder {folder} cannot be reached. Reconnect the drive, or choose the folder again in Settings.</source>
        <translation>Mappen {folder} kan ikke nås. Tilslut drevet igen, eller vælg mappen igen under Indstillinger.</translation>
    </message>
    <message>
        <source>The inbox folder could not be opened</source>
        <translation>Indbakkemappen kunne ikke åbnes</translation>
    </message>
    <message>
        <source>No program on this computer opened the folder. It is here:</source>
        <translation>Intet program på denne computer åbnede mappen. Den ligger her:</translation>
    </message>
    <message>
        <source>The log could not be opened</source>
        <translation>Logfilen kunne ikke åbnes</translation>
    </message>
    <message>
        <source>No program on this computer opened the log file. It is here:</source>
        <translation>Intet program på denne computer åbnede logfilen. Den ligger her:</translation>
    </message>
    <message>
        <source>Settings could not open</source>
        <translation>Indstillinger kunne ikke åbnes</translation>
    </message>
    <message>
        <source>The setup wizard did not start: {error}</source>
        <translation>Opsætningsguiden startede ikke: {error}</translation>
    </message>
    <message>
        <source>Start at login not changed</source>
        <translation>Start ved login er ikke ændret</translation>
    </message>
    <message>
        <source>The setting could not be saved: {error}</source>
        <translation>Indstillingen kunne ikke gemmes: {error}</translation>
    </message>
    <message>
        <source>Help – {app}</source>
        <translation>Hjælp – {app}</translation>
    </message>
    <message>
        <source>Another transfer of this export was running; it was not started twice.</source>
        <translation>En anden overførsel af denne eksport kørte; den blev ikke startet to gange.</translation>
    </message>
    <message>
        <source>The tray tries again shortly.</source>
        <translation>Der prøves igen om lidt.</translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>Kopiér sti</translation>
    </message>
    <message>
        <source>Quit {app}?</source>
        <translation>Afslut {app}?</translation>
    </message>
    <message>
        <source>Transfers stop until you start the program again. Expenses that arrive meanwhile wait in the inbox folder.</source>
        <translation>Overførslerne stopper, indtil du starter programmet igen. Udlæg, der kommer i mellemtiden, venter i indbakkemappen.</translation>
    </message>
    <message>
        <source>For 1 hour</source>
        <translation>I 1 time</translation>
    </message>
    <message>
        <source>Until tomorrow</source>
        <translation>Indtil i morgen</translation>
    </message>
    <message>
        <source>Until I resume</source>
        <translation>Til jeg genoptager</translation>
    </message>
    <message>
        <source>Transfer all now</source>
        <translation>Overfør alle nu</translation>
    </message>
    <message>
        <source>Resume transfers</source>
        <translation>Genoptag overførsler</translation>
    </message>
    <message>
        <source>Pause transfers</source>
        <translation>Sæt overførsler på pause</translation>
    </message>
    <message>
        <source>Open inbox folder</source>
        <translation>Åbn indbakkemappen</translation>
    </message>
    <message>
        <source>Open log</source>
        <translation>Åbn loggen</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Start ved login</translation>
    </message>
    <message>
        <source>Daily summary message</source>
        <translation>Daglig opsummering</translation>
    </message>
    <message>
        <source>A short message after each day&apos;s transfer, also when all went well</source>
        <translation>En kort besked efter hver dags overførsel, også når alt gik godt</translation>
    </message>
    <message>
        <source>Help and About…</source>
        <translation>Hjælp og om…</translation>
    </message>
    <message>
        <source>Quit…</source>
        <translation>Afslut programmet…</translation>
    </message>
    <message>
        <source>Transferring…</source>
        <translation>Overfører…</translation>
    </message>
    <message>
        <source>Transfer now (queued)</source>
        <translation>Overfør nu (i kø)</translation>
    </message>
    <message>
        <source>Transfer now (switched off in Settings)</source>
        <translation>Overfør nu (slået fra under Indstillinger)</translation>
    </message>
    <message>
        <source>Receipts dealt with — stop reminding</source>
        <translation>Kvitteringerne er ordnet — stop påmindelsen</translation>
    </message>
    <message>
        <source>Say this when you have attached the receipts by hand in e-conomic, or know they will not come. A receipt that needs you later is shown again.</source>
        <translation>Vælg dette, når du har vedhæftet kvitteringerne manuelt i e-conomic eller ved, at de ikke kommer. En kvittering, der senere kræver din handling, vises igen.</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>man</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>tir</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>ons</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>tor</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>fre</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>lør</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>søn</translation>
    </message>
    <message>
        <source>Jan</source>
        <translation>jan</translation>
    </message>
    <message>
        <source>Feb</source>
        <translation>feb</translation>
    </message>
    <message>
        <source>Mar</source>
        <translation>mar</translation>
    </message>
    <message>
        <source>Apr</source>
        <translation>apr</translation>
    </message>
    <message>
        <source>May</source>
        <translation>maj</translation>
    </message>
    <message>
        <source>Jun</source>
        <translation>jun</translation>
    </message>
    <message>
        <source>Jul</source>
        <translation>jul</translation>
    </message>
    <message>
        <source>Aug</source>
        <translation>aug</translation>
    </message>
    <message>
        <source>Sep</source>
        <translation>sep</translation>
    </message>
    <message>
        <source>Oct</source>
        <translation>okt</translation>
    </message>
    <message>
        <source>Nov</source>
        <translation>nov</translation>
    </message>
    <message>
        <source>Dec</source>
        <translation>dec</translation>
    </message>
    <message>
        <source>Nothing to send</source>
        <translation>Intet at sende</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Kræver handling</translation>
    </message>
    <message>
        <source>Waiting, will retry</source>
        <translation>Venter, prøver igen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fejlede</translation>
    </message>
    <message>
        <source>Test run</source>
        <translation>Prøvekørsel</translation>
    </message>
    <message>
        <source>Did not finish</source>
        <translation>Blev ikke færdig</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Planlagt</translation>
    </message>
    <message>
        <source>Catch-up</source>
        <translation>Indhentet</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>Manuel</translation>
    </message>
    <message>
        <source>Sent again</source>
        <translation>Sendt igen</translation>
    </message>
    <message>
        <source>{what} — Show</source>
        <translation>{what} — Vis</translation>
    </message>
    <message>
        <source>{what} — Settings…</source>
        <translation>{what} — Indstillinger…</translation>
    </message>
    <message>
        <source>1 expense waits for a fix</source>
        <translation>1 udlæg venter på rettelse</translation>
    </message>
    <message>
        <source>{count} expenses wait for a fix</source>
        <translation>{count} udlæg venter på rettelse</translation>
    </message>
    <message>
        <source>1 receipt waits for its file</source>
        <translation>1 kvittering venter på filen</translation>
    </message>
    <message>
        <source>{count} receipts wait for their files</source>
        <translation>{count} kvitteringer venter på filerne</translation>
    </message>
    <message>
        <source>1 receipt must be attached by hand</source>
        <translation>1 kvittering skal vedhæftes manuelt</translation>
    </message>
    <message>
        <source>{count} receipts must be attached by hand</source>
        <translation>{count} kvitteringer skal vedhæftes manuelt</translation>
    </message>
    <message>
        <source>This export is not connected to e-conomic on this computer yet. Open Settings and connect it to e-conomic.</source>
        <translation>Eksporten er endnu ikke forbundet til e-conomic på denne computer. Åbn Indstillinger, og forbind den til e-conomic.</translation>
    </message>
    <message>
        <source>Not connected to e-conomic</source>
        <translation>Ikke forbundet til e-conomic</translation>
    </message>
    <message>
        <source>Test: {waiting} would be sent, {rejected} in files that could not be read</source>
        <translation>Prøve: {waiting} ville blive sendt, {rejected} i filer, der ikke kunne læses</translation>
    </message>
    <message>
        <source>{app} {version}

It sends approved expenses from the inbox folder to the e-conomic cash journal at each export&apos;s daily time, exactly once, and speaks up only when someone must act. History (double-click the icon) shows every transfer.

What the icon says:
• Green tick: all is well.
• Blue arrow: a transfer is running.
• Grey pause: transfers are paused (Resume transfers in this menu).
• Orange warning sign: someone must act – hover over the icon or open History to read what.
• Red cross: the last transfer failed unexpectedly – see History and the log.
• Grey circle with a slash: not connected – Settings… → Connect, and paste a new token.

Common fixes:
• &quot;Not connected to e-conomic&quot;: the app was removed in e-conomic or the token is wrong. Settings… → Connect to e-conomic.
• &quot;The journal is missing in e-conomic&quot;: create the cash journal in e-conomic again, or choose another one in Settings.
• &quot;The accounting year … is closed&quot;: reopen (or create) the year in e-conomic; the files wait in the inbox and go at the next transfer.
• &quot;… could not be read&quot;: the file was moved to the folder &quot;rejected&quot; inside the inbox folder, with a text file beside it (its name ends in .errors.txt) that says what to fix. Fix the file and put it back in the inbox folder.
• &quot;… wait for a fix&quot;: History shows each expense with why and what to do; once fixed, it is sent by itself. If it must not be booked, select it in History and choose Don&apos;t send this.

Settings: {settings}
Log: {log}</source>
        <translation>{app} {version}

Den sender godkendte udlæg fra indbakkemappen til kassekladden i e-conomic på hver eksports daglige tidspunkt, præcis én gang, og siger kun noget, når nogen skal handle. Historik (dobbeltklik på ikonet) viser hver overførsel.

Hvad ikonet betyder:
• Grønt flueben: alt er i orden.
• Blå pil: en overførsel kører.
• Grå pause: overførsler er på pause (Genoptag overførsler i denne menu).
• Orange advarselstrekant: nogen skal handle – hold musen over ikonet eller åbn Historik for at læse hvad.
• Rødt kryds: den seneste overførsel fejlede uventet – se Historik og loggen.
• Grå cirkel med skråstreg: ikke forbundet – Indstillinger… → Forbind, og indsæt et nyt token.

Almindelige løsninger:
• &quot;Ikke forbundet til e-conomic&quot;: appen er fjernet i e-conomic, eller tokenet er forkert. Indstillinger… → Forbind til e-conomic.
• &quot;Kassekladden mangler i e-conomic&quot;: opret kassekladden i e-conomic igen, eller vælg en anden under Indstillinger.
• &quot;Regnskabsåret … er lukket&quot;: genåbn (eller opret) året i e-conomic; filerne venter i indbakken og sendes ved næste overførsel.
• &quot;… kunne ikke læses&quot;: filen er flyttet til mappen med afviste filer (“rejected” i indbakkemappen), med en tekstfil ved siden af (navnet ender på .errors.txt), der siger, hvad der skal rettes. Ret filen, og læg den tilbage i indbakkemappen.
• &quot;… venter på rettelse&quot;: Historik viser hvert udlæg med årsagen og hvad der skal gøres; når det er rettet, sendes det af sig selv. Skal det ikke bogføres, så vælg det i Historik og vælg Send ikke.

Indstillinger: {settings}
Log: {log}</translation>
    </message>
    <message>
        <source>This computer has no working e-conomic connection for the export. Open Settings and connect the app to e-conomic again.</source>
        <translation>Denne computer har ingen virkende forbindelse til e-conomic for eksporten. Åbn Indstillinger og forbind appen til e-conomic igen.</translation>
    </message>
    <message>
        <source>all is well</source>
        <translation>alt er i orden</translation>
    </message>
    <message>
        <source>transferring…</source>
        <translation>overfører…</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>på pause</translation>
    </message>
    <message>
        <source>needs your attention</source>
        <translation>kræver din handling</translation>
    </message>
    <message>
        <source>the last transfer failed</source>
        <translation>den seneste overførsel fejlede</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>ikke forbundet</translation>
    </message>
    <message>
        <source>not set up yet</source>
        <translation>ikke sat op endnu</translation>
    </message>
    <message>
        <source>Settings cannot be read: {problem}</source>
        <translation>Indstillingerne kan ikke læses: {problem}</translation>
    </message>
    <message>
        <source>No export is set up yet. Open Settings… to set one up.</source>
        <translation>Ingen eksport er sat op endnu. Åbn Indstillinger… for at oprette en.</translation>
    </message>
    <message>
        <source>Transferring now…</source>
        <translation>Overfører nu…</translation>
    </message>
    <message>
        <source>Last: {last}</source>
        <translation>Seneste: {last}</translation>
    </message>
    <message>
        <source>Next try: {next}</source>
        <translation>Næste forsøg: {next}</translation>
    </message>
    <message>
        <source>Next: {next}</source>
        <translation>Næste: {next}</translation>
    </message>
    <message>
        <source>Transferring {name}…</source>
        <translation>Overfører {name}…</translation>
    </message>
    <message>
        <source>never</source>
        <translation>aldrig</translation>
    </message>
    <message>
        <source>when you choose Transfer now</source>
        <translation>når du vælger Overfør nu</translation>
    </message>
    <message>
        <source>did not finish</source>
        <translation>blev ikke færdig</translation>
    </message>
    <message>
        <source>nothing to send</source>
        <translation>intet at sende</translation>
    </message>
    <message>
        <source>e-conomic could not be reached</source>
        <translation>e-conomic kunne ikke nås</translation>
    </message>
    <message>
        <source>failed (see History)</source>
        <translation>fejlede (se Historik)</translation>
    </message>
    <message>
        <source>nothing sent</source>
        <translation>intet sendt</translation>
    </message>
    <message>
        <source>off (the export is switched off)</source>
        <translation>fra (eksporten er slået fra)</translation>
    </message>
    <message>
        <source>now</source>
        <translation>nu</translation>
    </message>
    <message>
        <source>unknown (check Settings)</source>
        <translation>ukendt (se Indstillinger)</translation>
    </message>
    <message>
        <source>paused until you resume</source>
        <translation>på pause, til du genoptager</translation>
    </message>
    <message>
        <source>paused until {when}</source>
        <translation>på pause til {when}</translation>
    </message>
    <message>
        <source>today {time}</source>
        <translation>i dag {time}</translation>
    </message>
    <message>
        <source>yesterday {time}</source>
        <translation>i går {time}</translation>
    </message>
    <message>
        <source>tomorrow {time}</source>
        <translation>i morgen {time}</translation>
    </message>
    <message>
        <source>{day} {month} {year} {time}</source>
        <translation>{day}. {month} {year} {time}</translation>
    </message>
    <message>
        <source>{day} {month} {time}</source>
        <translation>{day}. {month} {time}</translation>
    </message>
    <message>
        <source>Still running, or stopped before it finished</source>
        <translation>Kører stadig, eller stoppede før den var færdig</translation>
    </message>
    <message>
        <source>(+{count} more)</source>
        <translation>(+{count} mere)</translation>
    </message>
    <message>
        <source>Test: {waiting} would be sent</source>
        <translation>Prøve: {waiting} ville blive sendt</translation>
    </message>
    <message>
        <source>{count} refused by e-conomic</source>
        <translation>{count} afvist af e-conomic</translation>
    </message>
    <message>
        <source>{count} waiting</source>
        <translation>{count} venter</translation>
    </message>
    <message>
        <source>{count} sent</source>
        <translation>{count} sendt</translation>
    </message>
    <message>
        <source>1 expense sent</source>
        <translation>1 udlæg sendt</translation>
    </message>
    <message>
        <source>{count} expenses sent</source>
        <translation>{count} udlæg sendt</translation>
    </message>
    <message>
        <source>{company} (agreement {number})</source>
        <translation>{company} (aftale {number})</translation>
    </message>
    <message>
        <source>e-conomic not reachable right now</source>
        <translation>e-conomic kan ikke nås lige nu</translation>
    </message>
    <message>
        <source>Held: needs a fix</source>
        <translation>Holdt tilbage: skal rettes</translation>
    </message>
    <message>
        <source>Same posting twice; sent once</source>
        <translation>Samme postering to gange; sendt én gang</translation>
    </message>
    <message>
        <source>Set aside (not sent)</source>
        <translation>Lagt til side (ikke sendt)</translation>
    </message>
    <message>
        <source>Replaced by a corrected version</source>
        <translation>Erstattet af en rettet version</translation>
    </message>
    <message>
        <source>Nothing to retry: the newest transfer of this export left nothing waiting.</source>
        <translation>Intet at prøve igen: den seneste overførsel af denne eksport efterlod intet, der venter.</translation>
    </message>
    <message>
        <source>Open {folder}</source>
        <translation>Åbn {folder}</translation>
    </message>
    <message>
        <source>Select a file, a line or a receipt to open its folder.</source>
        <translation>Vælg en fil, en linje eller en kvittering for at åbne dens mappe.</translation>
    </message>
    <message>
        <source>, planned for {slot}</source>
        <translation>, sat til {slot}</translation>
    </message>
    <message>
        <source>Amount sent: {amount}</source>
        <translation>Beløb sendt: {amount}</translation>
    </message>
    <message>
        <source>Problem: {title}</source>
        <translation>Problem: {title}</translation>
    </message>
    <message>
        <source>{result}: {file} line {number} ({line}): {posting} – {reason}</source>
        <translation>{result}: {file} linje {number} ({line}): {posting} – {reason}</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Contra account</source>
        <translation>Modkonto</translation>
    </message>
    <message>
        <source>Accounting year</source>
        <translation>Regnskabsår</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Hvorfor</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>Det skal du gøre</translation>
    </message>
    <message>
        <source>account {account}</source>
        <translation>konto {account}</translation>
    </message>
    <message>
        <source>Account {account}</source>
        <translation>Konto {account}</translation>
    </message>
    <message>
        <source>Account {account}, contra account {contra}</source>
        <translation>Konto {account}, modkonto {contra}</translation>
    </message>
    <message>
        <source>Files that could not be read</source>
        <translation>Filer, der ikke kunne læses</translation>
    </message>
    <message>
        <source>Postings held</source>
        <translation>Posteringer holdt tilbage</translation>
    </message>
    <message>
        <source>Receipts waiting</source>
        <translation>Kvitteringer venter</translation>
    </message>
    <message>
        <source>Receipts to attach by hand</source>
        <translation>Kvitteringer skal vedhæftes manuelt</translation>
    </message>
    <message>
        <source>Inbox used by two exports</source>
        <translation>Indbakken bruges af to eksporter</translation>
    </message>
    <message>
        <source>Receipt {name}</source>
        <translation>Kvittering {name}</translation>
    </message>
    <message>
        <source>Receipt attached</source>
        <translation>Kvittering vedhæftet</translation>
    </message>
    <message>
        <source>Receipt waits for its file</source>
        <translation>Kvitteringen venter på filen</translation>
    </message>
    <message>
        <source>Attach by hand</source>
        <translation>Vedhæft manuelt</translation>
    </message>
    <message>
        <source>Receipt refused</source>
        <translation>Kvittering afvist</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>To go on, repair or move away the settings file named above, then start the setup again.</source>
        <translation>For at gå videre: ret eller flyt indstillingsfilen, der er nævnt ovenfor, og start så opsætningen igen.</translation>
    </message>
    <message>
        <source>Set up the export to e-conomic</source>
        <translation>Opsæt eksporten til e-conomic</translation>
    </message>
    <message>
        <source>Acubiz e-conomic Export sends approved expenses from Acubiz to a cash journal in e-conomic every day, by itself.</source>
        <translation>Acubiz e-conomic Export sender hver dag godkendte udlæg fra Acubiz til en kassekladde i e-conomic, helt af sig selv.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprog:</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprog</translation>
    </message>
    <message>
        <source>&lt;p&gt;This wizard takes three steps, about five minutes:&lt;/p&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;Connect the app in e-conomic&lt;/b&gt; — you click &lt;i&gt;ADD APP&lt;/i&gt; in e-conomic.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Choose the journal&lt;/b&gt; (kassekladde) the expenses go to.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Set up the export&lt;/b&gt;: folders, time of day and accounts.&lt;/li&gt;&lt;/ol&gt;</source>
        <translation>&lt;p&gt;Guiden har tre trin og tager omkring fem minutter:&lt;/p&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;Forbind appen i e-conomic&lt;/b&gt; — du klikker på &lt;i&gt;TILFØJ APP&lt;/i&gt; i e-conomic.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Vælg kassekladden&lt;/b&gt;, som udlæggene skal i.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Opsæt eksporten&lt;/b&gt;: mapper, klokkeslæt og konti.&lt;/li&gt;&lt;/ol&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;You need&lt;/b&gt; an e-conomic login that is allowed to add apps. An accountant who administers several agreements must first click &lt;i&gt;Administer&lt;/i&gt; on the right company in e-conomic.</source>
        <translation>&lt;b&gt;Du skal bruge&lt;/b&gt; et e-conomic-login, der må tilføje apps. En revisor eller bogholder, der administrerer flere aftaler, skal først klikke på &lt;i&gt;Administrer&lt;/i&gt; ud for den rigtige virksomhed i e-conomic.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Moving to e-conomic from another accounting system?&lt;/b&gt; Turn off the old integration in Acubiz first, so no expense is exported twice.</source>
        <translation>&lt;b&gt;Skifter I til e-conomic fra et andet regnskabsprogram?&lt;/b&gt; Slå først den gamle integration fra i Acubiz, så intet udlæg eksporteres to gange.</translation>
    </message>
    <message>
        <source>Export profile</source>
        <translation>Eksportprofil</translation>
    </message>
    <message>
        <source>&amp;Edit the export:</source>
        <translation>&amp;Ret eksporten:</translation>
    </message>
    <message>
        <source>Set up a ne&amp;w export</source>
        <translation>Opsæt en ny &amp;eksport</translation>
    </message>
    <message>
        <source>Export profile to edit</source>
        <translation>Eksportprofil, der skal rettes</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>Version {version}</translation>
    </message>
</context>
</TS>
