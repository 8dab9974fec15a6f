//! The embedded data of each country, as compact comma-separated lists (parsed once, see
//! `land.rs`). Names are common ones in each country; places are real localities with their
//! region and the leading digits (or area letters) of their postal codes; streets are built
//! from a type and a name, as each country writes them.
//!
//! List syntax: entries are separated by `,`; fields inside an entry by `;` (places:
//! `locality;region;postal prefix[;town]`, pairs: `from;to`); Japanese names are
//! `kanji:katakana:romaji`. A repeated entry is drawn more often.

/// One country's raw lists.
pub(super) struct Source {
    /// Male given names.
    pub male: &'static str,
    /// Female given names.
    pub female: &'static str,
    /// Family names (Dutch ones with their prefix).
    pub family: &'static str,
    /// Street types (Calle, Street, straße, ...), repeated by frequency.
    pub street_types: &'static str,
    /// Street names or stems, joined to a type as the country does.
    pub street_names: &'static str,
    /// `locality;region;postal prefix[;town]`.
    pub places: &'static str,
    /// E-mail domains (reserved `example` names).
    pub domains: &'static str,
    /// The domain of second, work e-mail addresses.
    pub work_domain: &'static str,
    /// `formal;nickname` given names.
    pub nicknames: &'static str,
    /// `word;abbreviation` in street names.
    pub abbreviations: &'static str,
    /// `name;other spelling` of family names (Japanese: kanji variants).
    pub variants: &'static str,
    /// `name;other name` of localities and regions (exonyms, co-official names).
    pub aliases: &'static str,
    /// `country code;city` of residents born abroad.
    pub foreign: &'static str,
    /// Cities of birth; empty: the localities of `places`.
    pub birth_cities: &'static str,
}

/// The countries' sources, in `Land::ALL` order.
pub(super) static SOURCES: [Source; 8] = [SPAIN, NETHERLANDS, UNITED_KINGDOM, GERMANY, FRANCE, ITALY, PORTUGAL, JAPAN];

const SPAIN: Source = Source {
    male: "Antonio, José, Manuel, Francisco, David, Juan, Javier, José Antonio, Daniel, José Luis, \
        Francisco Javier, Carlos, Jesús, Alejandro, Miguel, José Manuel, Rafael, Pedro, Ángel, Miguel Ángel, \
        Pablo, José María, Fernando, Sergio, Luis, Jorge, Alberto, Juan Carlos, Juan José, Álvaro, Diego, \
        Adrián, Raúl, Enrique, Ramón, Vicente, Iván, Rubén, Óscar, Andrés, Joaquín, Santiago, Eduardo, Víctor, \
        Roberto, Jaime, Mario, Ignacio, Alfonso, Marcos, Salvador, Ricardo, Hugo, Emilio, Gonzalo, Íñigo, \
        Guillermo, Tomás, Lucas, Mateo, Martín, Nicolás, Iker, Aitor, Jordi, Xavier, Agustín, Julián, Sebastián",
    female: "María Carmen, María, Carmen, Ana María, Laura, María Pilar, María Dolores, Isabel, Josefa, Marta, \
        Cristina, María Teresa, Lucía, Ana, Francisca, María Ángeles, Antonia, Dolores, Paula, Sara, Elena, \
        María Isabel, Pilar, Raquel, Concepción, Manuela, Mercedes, María José, Rosa María, Julia, Beatriz, \
        Nuria, Silvia, Irene, Alba, Patricia, Rocío, Andrea, Montserrat, Rosario, Teresa, Encarnación, Sonia, \
        Alicia, Guadalupe, Lorena, Inmaculada, Marina, Eva, Noelia, Claudia, Sofía, Ainhoa, Nerea, Esther, \
        Ángela, Verónica, Yolanda, Natalia, Carla, Begoña, Amparo, Consuelo, Míriam, Aitana, Inés",
    family: "García, Rodríguez, González, Fernández, López, Martínez, Sánchez, Pérez, Gómez, Martín, Jiménez, \
        Ruiz, Hernández, Díaz, Moreno, Muñoz, Álvarez, Romero, Alonso, Gutiérrez, Navarro, Torres, Domínguez, \
        Vázquez, Ramos, Gil, Ramírez, Serrano, Blanco, Molina, Morales, Suárez, Ortega, Delgado, Castro, Ortiz, \
        Rubio, Marín, Sanz, Núñez, Iglesias, Medina, Garrido, Cortés, Castillo, Santos, Lozano, Guerrero, Cano, \
        Prieto, Méndez, Cruz, Calvo, Gallego, Vidal, León, Márquez, Herrera, Peña, Flores, Cabrera, Campos, \
        Vega, Fuentes, Carrasco, Díez, Caballero, Reyes, Nieto, Aguilar, Pascual, Santana, Herrero, Lorenzo, \
        Montero, Hidalgo, Giménez, Ibáñez, Ferrer, Durán, Santiago, Benítez, Mora, Vicente, Vargas, Arias, \
        Carmona, Crespo, Román, Pastor, Soto, Sáez, Velasco, Moya, Soler, Parra, Esteban, Bravo, Gallardo, \
        Rojas, Goikoetxea, Etxeberria, Puig, Ferrándiz, Quintana, Valverde",
    street_types: "Calle, Calle, Calle, Calle, Calle, Calle, Calle, Calle, Avenida, Avenida, Plaza, Paseo, \
        Camino, Ronda, Travesía",
    street_names: "Mayor, de Alcalá, San Fernando, de la Constitución, Real, del Carmen, Nueva, de la Iglesia, \
        de España, de Gracia, del Sol, de Cervantes, de Goya, de Velázquez, San Juan, San Antonio, Santa María, \
        del Pilar, de Colón, de la Paz, de los Reyes Católicos, del Doctor Fleming, de Andalucía, de Valencia, \
        de Toledo, del Mar, de la Estación, de las Flores, del Rosario, de Miguel de Unamuno, de Pablo Picasso, \
        de Alfonso XIII, de Castilla, de Aragón, de la Libertad, del Prado, de Federico García Lorca, \
        de Antonio Machado, de Ramón y Cajal, de Sagasta, de Atocha, de Arturo Soria, de Triana, de la Rambla, \
        de Blasco Ibáñez, del General Prim, de la Virgen del Carmen, de los Olivos, de la Fuente, del Puerto",
    places: "Madrid;Comunidad de Madrid;28, Madrid;Comunidad de Madrid;28, Madrid;Comunidad de Madrid;28, \
        Barcelona;Cataluña;08, Barcelona;Cataluña;08, Valencia;Comunitat Valenciana;46, Sevilla;Andalucía;41, \
        Zaragoza;Aragón;50, Málaga;Andalucía;29, Murcia;Región de Murcia;30, Palma;Illes Balears;07, \
        Las Palmas de Gran Canaria;Canarias;35, Bilbao;País Vasco;48, Alicante;Comunitat Valenciana;03, \
        Córdoba;Andalucía;14, Valladolid;Castilla y León;47, Vigo;Galicia;36, Gijón;Principado de Asturias;33, \
        A Coruña;Galicia;15, Granada;Andalucía;18, Vitoria-Gasteiz;País Vasco;01, Oviedo;Principado de Asturias;33, \
        Pamplona;Comunidad Foral de Navarra;31, Santander;Cantabria;39, San Sebastián;País Vasco;20, \
        Salamanca;Castilla y León;37, Logroño;La Rioja;26, Badajoz;Extremadura;06, Cádiz;Andalucía;11, \
        Toledo;Castilla-La Mancha;45, Santa Cruz de Tenerife;Canarias;38, Almería;Andalucía;04, \
        Burgos;Castilla y León;09, Castellón de la Plana;Comunitat Valenciana;12, Getafe;Comunidad de Madrid;28, \
        Alcalá de Henares;Comunidad de Madrid;28, L'Hospitalet de Llobregat;Cataluña;08, Tarragona;Cataluña;43, \
        Girona;Cataluña;17, Lleida;Cataluña;25, Jaén;Andalucía;23, Huelva;Andalucía;21, León;Castilla y León;24",
    domains: "example.com, example.net, mail.example.es, correo.example.es, movistar.example.es, \
        hotmail.example.es, example.es",
    work_domain: "empresa.example.org",
    nicknames: "Francisco;Paco, José;Pepe, Manuel;Manolo, Antonio;Toño, Dolores;Lola, Concepción;Concha, \
        Ignacio;Nacho, Guadalupe;Lupe, Jesús;Chus, Rosario;Charo, Enrique;Quique, Mercedes;Merche, Josefa;Pepa, \
        Alejandro;Álex, Francisca;Paqui, Cristina;Cris, Francisco Javier;Javi, Santiago;Santi, Montserrat;Montse, \
        Inmaculada;Inma, Encarnación;Encarna, María José;Marijose, María Dolores;Loli",
    abbreviations: "Calle;C/, Avenida;Avda., Plaza;Pl., Paseo;Pº, Camino;Cno., Ronda;Rda., Travesía;Trva.",
    variants: "Jiménez;Giménez, Giménez;Jiménez, Díez;Díaz, Vázquez;Vásquez, Ibáñez;Ibañez, Núñez;Nuñez",
    aliases: "A Coruña;La Coruña, San Sebastián;Donostia, Vitoria-Gasteiz;Vitoria, Palma;Palma de Mallorca, \
        Alicante;Alacant, Valencia;València, Girona;Gerona, Lleida;Lérida, Castellón de la Plana;Castelló, \
        Comunidad de Madrid;Madrid, Cataluña;Catalunya, Comunitat Valenciana;Comunidad Valenciana, \
        País Vasco;Euskadi, Illes Balears;Islas Baleares, Comunidad Foral de Navarra;Navarra",
    foreign: "MA;Casablanca, RO;Bucureşti, CO;Bogotá, EC;Quito, AR;Buenos Aires, VE;Caracas, PE;Lima, GB;London",
    birth_cities: "",
};

const NETHERLANDS: Source = Source {
    male: "Daan, Sem, Lucas, Levi, Finn, Milan, Luuk, Bram, Thomas, Jesse, Ruben, Thijs, Lars, Stijn, Tim, \
        Niels, Jeroen, Maarten, Bas, Sander, Joost, Wouter, Pieter, Dirk, Jan, Kees, Henk, Piet, Gerrit, Willem, \
        Hendrik, Johannes, Cornelis, Jacobus, Adrianus, Gerardus, Petrus, Theodorus, Martijn, Rick, Mark, \
        Dennis, Erik, Frank, Hans, Marco, Robert, Peter, Arjan, Roel, Koen, Gijs, Jasper, Mees, Noah, Sven, \
        Teun, Wim, Ad, Ton, Johan, Rutger",
    female: "Emma, Julia, Sophie, Tess, Sara, Anna, Lotte, Lisa, Fleur, Eva, Sanne, Femke, Anouk, Iris, Lieke, \
        Marieke, Esther, Ingrid, Annemarie, Monique, Petra, Linda, Mariska, Wilma, Ans, Els, Joke, Anneke, \
        Karin, Marjolein, Maria, Johanna, Wilhelmina, Catharina, Elisabeth, Cornelia, Hendrika, Saskia, Inge, \
        Mirjam, Janneke, Sabine, Renate, Ilse, Nienke, Roos, Noor, Evi, Mila, Zoë, Yvonne, Nicole, Chantal, \
        Kim, Manon, Romy, Britt, Floor",
    family: "de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit, Meijer, de Boer, \
        Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, Brouwer, de Wit, Dijkstra, Smits, \
        de Graaf, van der Meer, van der Linden, Kok, Jacobs, de Haan, Vermeulen, van den Heuvel, van der Veen, \
        van den Broek, de Bruijn, de Bruin, van der Heijden, Schouten, van Beek, Willems, van Vliet, van de Ven, \
        Hoekstra, Maas, Verhoeven, Koster, van Dam, van der Wal, Prins, Blom, Huisman, Peeters, de Ridder, \
        Kuipers, van Wijk, Vink, Postma, Kramer, van Rijn, Timmermans, Boersma, Jonker, Wouters, de Lange, \
        van Doorn, Kuiper, van der Laan, Sanders, Veenstra, Evers, Gerritsen, van 't Hof, ter Horst, \
        van Beek, Groen, Claassen, Hermans, van Loon, Verbeek, Martens, Scholten, Mol, Bosman, Franken, \
        de Vos, Koopman, van Os, Hofman, Molenaar, Veldman, van Hout",
    street_types: "straat, straat, straat, straat, straat, weg, weg, weg, laan, laan, laan, plein, gracht, \
        singel, kade, dijk, hof, pad",
    street_names: "Kerk, Dorps, Molen, School, Stations, Juliana, Beatrix, Wilhelmina, Oranje, Prins Hendrik, \
        Hoofd, Markt, Nieuwe, Kastanje, Linden, Eiken, Berken, Beuken, Populieren, Wilgen, Tulpen, Rozen, \
        Zand, Veld, Heide, Haven, Brug, Sluis, Kanaal, Spoor, Polder, Rembrandt, Vermeer, Van Gogh, Vondel, \
        Thorbecke, Emma, Willem de Zwijger, Koning, Parkzicht, Esdoorn, Acacia, Meidoorn, Vogel, Merel, \
        Lijster, Zwaluw, Ooster, Wester, Zuider, Noorder",
    places: "Amsterdam;Noord-Holland;10, Amsterdam;Noord-Holland;10, Rotterdam;Zuid-Holland;30, \
        Rotterdam;Zuid-Holland;30, Den Haag;Zuid-Holland;25, Utrecht;Utrecht;35, Eindhoven;Noord-Brabant;56, \
        Groningen;Groningen;97, Tilburg;Noord-Brabant;50, Almere;Flevoland;13, Breda;Noord-Brabant;48, \
        Nijmegen;Gelderland;65, Apeldoorn;Gelderland;73, Haarlem;Noord-Holland;20, Arnhem;Gelderland;68, \
        Enschede;Overijssel;75, Amersfoort;Utrecht;38, Zaandam;Noord-Holland;15, 's-Hertogenbosch;Noord-Brabant;52, \
        Zwolle;Overijssel;80, Leiden;Zuid-Holland;23, Maastricht;Limburg;62, Dordrecht;Zuid-Holland;33, \
        Leeuwarden;Friesland;89, Delft;Zuid-Holland;26, Alkmaar;Noord-Holland;18, Assen;Drenthe;94, \
        Middelburg;Zeeland;43, Venlo;Limburg;59, Deventer;Overijssel;74, Hilversum;Noord-Holland;12, \
        Gouda;Zuid-Holland;28",
    domains: "example.com, example.nl, kpnmail.example.net, ziggo.example.nl, hetnet.example.nl, \
        planet.example.nl, example.net",
    work_domain: "firma.example.net",
    nicknames: "Johannes;Jan, Johannes;Hans, Cornelis;Kees, Hendrik;Henk, Jacobus;Koos, Gerardus;Gerard, \
        Petrus;Piet, Wilhelmina;Willy, Johanna;Anneke, Adrianus;Arie, Elisabeth;Lisa, Catharina;Karin, \
        Maria;Mieke, Theodorus;Theo, Willem;Wim, Cornelia;Corrie, Hendrika;Riek",
    abbreviations: "straat;str., laan;ln., weg;wg., plein;pln., gracht;gr.",
    variants: "de Bruijn;de Bruin, de Bruin;de Bruijn, Meijer;Meyer, Janssen;Jansen, Jansen;Janssen, \
        Smits;Smit, Peeters;Peters, Hendriks;Hendrikx",
    aliases: "Den Haag;'s-Gravenhage, 's-Hertogenbosch;Den Bosch, Zaandam;Zaanstad, Friesland;Fryslân",
    foreign: "TR;Istanbul, MA;Rabat, SR;Paramaribo, ID;Jakarta, DE;Düsseldorf, BE;Antwerpen, PL;Poznań",
    birth_cities: "",
};

const UNITED_KINGDOM: Source = Source {
    male: "Oliver, George, Harry, Jack, Jacob, Noah, Charlie, Thomas, Oscar, William, James, Henry, Leo, Alfie, \
        Joshua, Freddie, Archie, Ethan, Isaac, Alexander, Joseph, Edward, Samuel, Max, Daniel, Arthur, Lucas, \
        Mohammed, Logan, Dylan, David, John, Michael, Paul, Andrew, Mark, Richard, Stephen, Peter, Robert, \
        Christopher, Matthew, Anthony, Gary, Kevin, Ian, Simon, Neil, Stuart, Gareth, Craig, Darren, Lee, \
        Jamie, Callum, Liam, Ryan, Adam, Ben, Nathan, Rhys, Owen, Connor",
    female: "Olivia, Amelia, Isla, Ava, Emily, Sophia, Grace, Mia, Poppy, Ella, Lily, Evie, Isabella, Sophie, \
        Ivy, Freya, Harper, Willow, Charlotte, Jessica, Chloe, Hannah, Lucy, Emma, Sarah, Laura, Rebecca, Amy, \
        Rachel, Elizabeth, Margaret, Susan, Karen, Helen, Julie, Claire, Nicola, Joanne, Lisa, Michelle, Kelly, \
        Gemma, Katherine, Victoria, Jennifer, Louise, Samantha, Natalie, Zoe, Megan, Bethany, Abigail, \
        Eleanor, Alice, Rosie, Holly, Jane, Mary, Patricia, Ruth, Caitlin, Siobhan, Fiona",
    family: "Smith, Jones, Williams, Taylor, Brown, Davies, Evans, Wilson, Thomas, Johnson, Roberts, Robinson, \
        Thompson, Wright, Walker, White, Edwards, Hughes, Green, Hall, Lewis, Harris, Clarke, Patel, Jackson, \
        Wood, Turner, Martin, Cooper, Hill, Ward, Morris, Moore, Clark, Lee, King, Baker, Harrison, Morgan, \
        Allen, James, Scott, Phillips, Watson, Davis, Parker, Price, Bennett, Young, Griffiths, Mitchell, \
        Kelly, Cook, Carter, Richardson, Bailey, Collins, Bell, Shaw, Murphy, Miller, Cox, Richards, Khan, \
        Marshall, Anderson, Simpson, Ellis, Adams, Singh, Begum, Wilkinson, Foster, Chapman, Powell, Webb, \
        Rogers, Gray, Mason, Ali, Hunt, Hussain, Campbell, Matthews, Owen, Palmer, Holmes, Mills, Barnes, \
        Knight, Lloyd, Butler, Russell, Barker, Fisher, Stevens, Jenkins, Murray, Dixon, Harvey, MacDonald, \
        O'Brien, O'Neill, Stewart, Reid, Graham",
    street_types: "Street, Street, Street, Road, Road, Road, Road, Lane, Lane, Avenue, Close, Drive, Way, \
        Gardens, Crescent, Grove, Place, Terrace, Court, Hill",
    street_names: "High, Station, Church, Victoria, Park, Mill, Queen's, King's, Baker, Market, London, Green, \
        Manor, Springfield, Grange, Albert, Windsor, New, North, South, West, York, Oxford, Castle, Chapel, \
        School, Meadow, Orchard, Cedar, Oak, Elm, Willow, Beech, St John's, Highfield, Stanley, George, \
        Princes, Richmond, Alexandra, Sandringham, Cromwell, Mount Pleasant, Brook, Hawthorn, Kingsway, \
        Nelson, Wellington, Shakespeare",
    places: "London;Greater London;SW, London;Greater London;E, London;Greater London;N, London;Greater London;SE, \
        London;Greater London;NW, London;Greater London;W, Manchester;Greater Manchester;M, \
        Birmingham;West Midlands;B, Leeds;West Yorkshire;LS, Liverpool;Merseyside;L, Bristol;Bristol;BS, \
        Sheffield;South Yorkshire;S, Newcastle upon Tyne;Tyne and Wear;NE, Nottingham;Nottinghamshire;NG, \
        Leicester;Leicestershire;LE, Southampton;Hampshire;SO, Brighton;East Sussex;BN, \
        Cambridge;Cambridgeshire;CB, Oxford;Oxfordshire;OX, York;North Yorkshire;YO, Norwich;Norfolk;NR, \
        Plymouth;Devon;PL, Reading;Berkshire;RG, Coventry;West Midlands;CV, Edinburgh;Scotland;EH, \
        Glasgow;Scotland;G, Aberdeen;Scotland;AB, Dundee;Scotland;DD, Cardiff;Wales;CF, Swansea;Wales;SA, \
        Belfast;Northern Ireland;BT",
    domains: "example.com, example.co.uk, btinternet.example.com, sky.example.com, virgin.example.net, \
        outlook.example.co.uk, example.org",
    work_domain: "company.example.com",
    nicknames: "William;Bill, William;Will, Robert;Bob, Robert;Rob, Elizabeth;Liz, Elizabeth;Beth, \
        Margaret;Maggie, Katherine;Kate, Thomas;Tom, James;Jim, Michael;Mike, Richard;Rick, Christopher;Chris, \
        Daniel;Dan, Jennifer;Jen, Alexander;Alex, Jessica;Jess, Samuel;Sam, Matthew;Matt, Rebecca;Becky, \
        Edward;Ed, Anthony;Tony, Joseph;Joe, Andrew;Andy, Stephen;Steve, Samantha;Sam, Victoria;Vicky",
    abbreviations: "Street;St, Road;Rd, Avenue;Ave, Lane;Ln, Drive;Dr, Close;Cl, Crescent;Cres, Gardens;Gdns, \
        Place;Pl, Terrace;Terr, Court;Ct, Grove;Gr",
    variants: "Clarke;Clark, Clark;Clarke, Thompson;Thomson, Davies;Davis, MacDonald;McDonald, Reid;Reed, \
        Stevens;Stephens, Matthews;Mathews",
    aliases: "Greater London;London, Newcastle upon Tyne;Newcastle",
    foreign: "IN;Mumbai, PL;Warszawa, PK;Lahore, IE;Dublin, NG;Lagos, US;New York, RO;Cluj-Napoca",
    birth_cities: "",
};

const GERMANY: Source = Source {
    male: "Peter, Michael, Thomas, Andreas, Wolfgang, Klaus, Jürgen, Günter, Stefan, Christian, Uwe, Werner, \
        Horst, Frank, Dieter, Manfred, Gerhard, Hans, Bernd, Torsten, Markus, Matthias, Helmut, Martin, Ralf, \
        Sven, Jörg, Dirk, Alexander, Sebastian, Tobias, Daniel, Jan, Florian, Tim, Lukas, Jonas, Leon, Finn, \
        Paul, Felix, Maximilian, Niklas, Julian, Moritz, Benjamin, Philipp, Johannes, Fabian, Friedrich, Karl, \
        Heinz, Rüdiger, Björn, Jens, Kai, Ben, Elias, Noah, Luca",
    female: "Ursula, Monika, Petra, Elisabeth, Sabine, Renate, Helga, Karin, Brigitte, Ingrid, Erika, Andrea, \
        Gisela, Claudia, Susanne, Gabriele, Christa, Christine, Birgit, Stefanie, Nicole, Anja, Katharina, \
        Julia, Sandra, Martina, Heike, Kerstin, Anna, Lena, Lea, Hannah, Sophie, Laura, Lisa, Marie, Emilia, \
        Mia, Leonie, Johanna, Charlotte, Franziska, Jana, Jessica, Melanie, Tanja, Silke, Bärbel, Jutta, Doris, \
        Annegret, Dörte, Sophia, Greta, Frieda, Luise",
    family: "Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, Schäfer, Koch, \
        Bauer, Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Zimmermann, Braun, Krüger, Hofmann, Hartmann, \
        Lange, Schmitt, Werner, Schmitz, Krause, Meier, Lehmann, Schmid, Schulze, Maier, Köhler, Herrmann, \
        König, Walter, Mayer, Huber, Kaiser, Fuchs, Peters, Lang, Scholz, Möller, Weiß, Jung, Hahn, Schubert, \
        Vogel, Friedrich, Keller, Günther, Frank, Berger, Winkler, Roth, Beck, Lorenz, Baumann, Franke, \
        Albrecht, Schuster, Simon, Ludwig, Böhm, Winter, Kraus, Martin, Schumacher, Krämer, Vogt, Stein, Jäger, \
        Otto, Sommer, Groß, Seidel, Heinrich, Brandt, Haas, Schreiber, Graf, Schulte, Dietrich, Ziegler, Kuhn, \
        Kühn, Pohl, Engel, Horn, Busch, Bergmann, Thomas, Voigt, Sauer, Arnold, Wolff, Pfeiffer, Strauß, \
        Großmann, Weißmann",
    street_types: "straße, straße, straße, straße, straße, straße, weg, weg, allee, platz, ring, gasse, damm",
    street_names: "Haupt, Bahnhof, Goethe, Schiller, Linden, Kirch, Schul, Garten, Berg, Wald, Mozart, Dorf, \
        Feld, Wiesen, Rosen, Birken, Sonnen, Mühlen, Industrie, Blumen, Ahorn, Eichen, Tannen, Buchen, Uhland, \
        Lessing, Heine, Beethoven, Kant, Markt, Brunnen, Post, Rathaus, Schloss, Burg, Friedrich-Ebert-, \
        Karl-Marx-, Konrad-Adenauer-, Bismarck, Kaiser-Wilhelm-, Albert-Schweitzer-, Robert-Koch-, \
        Martin-Luther-, Gartenfeld",
    places: "Berlin;Berlin;10, Berlin;Berlin;12, Berlin;Berlin;13, Hamburg;Hamburg;20, Hamburg;Hamburg;22, \
        München;Bayern;80, München;Bayern;81, Köln;Nordrhein-Westfalen;50, Frankfurt am Main;Hessen;60, \
        Stuttgart;Baden-Württemberg;70, Düsseldorf;Nordrhein-Westfalen;40, Leipzig;Sachsen;04, \
        Dortmund;Nordrhein-Westfalen;44, Essen;Nordrhein-Westfalen;45, Bremen;Bremen;28, Dresden;Sachsen;01, \
        Hannover;Niedersachsen;30, Nürnberg;Bayern;90, Duisburg;Nordrhein-Westfalen;47, \
        Bochum;Nordrhein-Westfalen;44, Wuppertal;Nordrhein-Westfalen;42, Bielefeld;Nordrhein-Westfalen;33, \
        Bonn;Nordrhein-Westfalen;53, Münster;Nordrhein-Westfalen;48, Karlsruhe;Baden-Württemberg;76, \
        Mannheim;Baden-Württemberg;68, Augsburg;Bayern;86, Wiesbaden;Hessen;65, Mainz;Rheinland-Pfalz;55, \
        Freiburg im Breisgau;Baden-Württemberg;79, Kiel;Schleswig-Holstein;24, Rostock;Mecklenburg-Vorpommern;18, \
        Erfurt;Thüringen;99, Magdeburg;Sachsen-Anhalt;39, Potsdam;Brandenburg;14, Saarbrücken;Saarland;66, \
        Regensburg;Bayern;93, Würzburg;Bayern;97, Göttingen;Niedersachsen;37, Lübeck;Schleswig-Holstein;23",
    domains: "example.com, example.de, web.example.de, gmx.example.de, t-online.example.de, freenet.example.de, \
        example.net",
    work_domain: "firma.example.net",
    nicknames: "Johannes;Hannes, Alexander;Alex, Christian;Chris, Michael;Micha, Elisabeth;Lisa, \
        Katharina;Kathi, Andreas;Andi, Thomas;Tom, Susanne;Susi, Gabriele;Gabi, Maximilian;Max, Benjamin;Ben, \
        Friedrich;Fritz, Stefanie;Steffi, Franziska;Franzi, Wolfgang;Wolfi, Matthias;Matze, Sebastian;Basti",
    abbreviations: "straße;str., Straße;Str., platz;pl., allee;al.",
    variants: "Meyer;Meier, Meier;Mayer, Maier;Meyer, Schmidt;Schmitt, Schmitt;Schmidt, Hoffmann;Hofmann, \
        Hofmann;Hoffmann, Kühn;Kuehn, Müller;Mueller, Weiß;Weiss, Groß;Gross, Strauß;Strauss",
    aliases: "München;Munich, Köln;Cologne, Nürnberg;Nuremberg, Frankfurt am Main;Frankfurt, \
        Freiburg im Breisgau;Freiburg, Bayern;Bavaria, Nordrhein-Westfalen;NRW, Hannover;Hanover, \
        Thüringen;Thuringia",
    foreign: "TR;Istanbul, PL;Kraków, IT;Napoli, RU;Moskau, SY;Damaskus, RO;Timişoara, GR;Thessaloniki",
    birth_cities: "",
};

const FRANCE: Source = Source {
    male: "Jean, Pierre, Michel, André, Philippe, Alain, Jacques, Bernard, Patrick, Daniel, Nicolas, Christophe, \
        Éric, Laurent, Frédéric, Stéphane, Sébastien, Thierry, Olivier, Pascal, Julien, David, François, \
        Guillaume, Jérôme, Vincent, Maxime, Alexandre, Thomas, Antoine, Romain, Nathan, Lucas, Hugo, Léo, \
        Louis, Gabriel, Arthur, Raphaël, Jules, Adam, Théo, Mathis, Clément, Benoît, Mathieu, Cédric, Loïc, \
        Yannick, Hervé, Gérard, Jean-Pierre, Jean-Luc, Jean-Claude, Jean-François, Jean-Baptiste, Marc, \
        Fabrice, Didier, Gilles",
    female: "Marie, Nathalie, Isabelle, Sylvie, Catherine, Françoise, Martine, Christine, Monique, Valérie, \
        Sandrine, Stéphanie, Véronique, Sophie, Céline, Chantal, Nicole, Patricia, Anne, Brigitte, Julie, \
        Aurélie, Caroline, Émilie, Camille, Léa, Manon, Chloé, Emma, Inès, Jade, Louise, Alice, Lina, Léna, \
        Juliette, Charlotte, Clara, Pauline, Laura, Margaux, Mathilde, Élodie, Virginie, Hélène, Jacqueline, \
        Danielle, Madeleine, Geneviève, Marie-Claire, Anne-Sophie, Marie-Christine, Agnès, Béatrice, Élise, \
        Océane, Zoé, Maëlle, Noémie",
    family: "Martin, Bernard, Thomas, Petit, Robert, Richard, Durand, Dubois, Moreau, Laurent, Simon, Michel, \
        Lefèvre, Leroy, Roux, David, Bertrand, Morel, Fournier, Girard, Bonnet, Dupont, Lambert, Fontaine, \
        Rousseau, Vincent, Muller, Lefebvre, Faure, André, Mercier, Blanc, Guérin, Boyer, Garnier, Chevalier, \
        François, Legrand, Gauthier, Garcia, Perrin, Robin, Clément, Morin, Nicolas, Henry, Roussel, Mathieu, \
        Gautier, Masson, Marchand, Duval, Denis, Dumont, Lemaire, Noël, Meyer, Dufour, Meunier, Brun, \
        Blanchard, Giraud, Joly, Rivière, Lucas, Brunet, Gaillard, Barbier, Arnaud, Martinez, Gérard, Roche, \
        Renard, Schmitt, Roy, Leroux, Colin, Vidal, Caron, Picard, Roger, Fabre, Aubert, Lemoine, Renaud, \
        Dumas, Lacroix, Olivier, Bourgeois, Benoît, Rey, Leclerc, Payet, Rolland, Guillaume, Lecomte, Hubert, \
        Carpentier, Dupuis, Moulin, Deschamps, Le Gall, Le Goff, Prévost, Lemaître, Ménard, Da Silva",
    street_types: "Rue, Rue, Rue, Rue, Rue, Rue, Rue, Rue, Avenue, Avenue, Avenue, Boulevard, Boulevard, Place, \
        Impasse, Allée, Chemin, Quai, Cours",
    street_names: "de la République, Victor Hugo, Jean Jaurès, de la Paix, des Lilas, Pasteur, \
        du Général de Gaulle, Voltaire, de la Gare, du Moulin, des Écoles, Nationale, de Paris, Gambetta, \
        Carnot, Foch, de l'Église, du Château, des Champs-Élysées, Émile Zola, Jules Ferry, de la Liberté, \
        Saint-Michel, Sainte-Catherine, des Acacias, des Tilleuls, du Stade, de Verdun, du 8 Mai 1945, \
        de Strasbourg, Lafayette, Aristide Briand, Georges Clemenceau, Marcel Pagnol, Anatole France, \
        Paul Bert, de la Mairie, du Marché, des Roses, du Port, de la Fontaine, Racine, Molière, de Lyon, \
        de Bretagne, des Prés, du Lavoir",
    places: "Paris;Île-de-France;750, Paris;Île-de-France;750, Paris;Île-de-France;750, \
        Marseille;Provence-Alpes-Côte d'Azur;130, Lyon;Auvergne-Rhône-Alpes;690, Toulouse;Occitanie;310, \
        Nice;Provence-Alpes-Côte d'Azur;060, Nantes;Pays de la Loire;440, Montpellier;Occitanie;340, \
        Strasbourg;Grand Est;670, Bordeaux;Nouvelle-Aquitaine;330, Lille;Hauts-de-France;590, \
        Rennes;Bretagne;350, Reims;Grand Est;511, Saint-Étienne;Auvergne-Rhône-Alpes;420, Le Havre;Normandie;766, \
        Toulon;Provence-Alpes-Côte d'Azur;830, Grenoble;Auvergne-Rhône-Alpes;380, Dijon;Bourgogne-Franche-Comté;210, \
        Angers;Pays de la Loire;490, Nîmes;Occitanie;300, Clermont-Ferrand;Auvergne-Rhône-Alpes;630, \
        Le Mans;Pays de la Loire;720, Aix-en-Provence;Provence-Alpes-Côte d'Azur;131, Brest;Bretagne;292, \
        Tours;Centre-Val de Loire;370, Amiens;Hauts-de-France;800, Limoges;Nouvelle-Aquitaine;870, \
        Metz;Grand Est;570, Besançon;Bourgogne-Franche-Comté;250, Perpignan;Occitanie;660, \
        Orléans;Centre-Val de Loire;450, Rouen;Normandie;760, Caen;Normandie;140, Versailles;Île-de-France;780, \
        Boulogne-Billancourt;Île-de-France;921",
    domains: "example.com, example.fr, orange.example.fr, laposte.example.net, free.example.fr, sfr.example.fr, \
        example.net",
    work_domain: "entreprise.example.fr",
    nicknames: "Jean-Pierre;Jean, Marie-Claire;Marie, Nicolas;Nico, Alexandre;Alex, Christophe;Chris, \
        Frédéric;Fred, Stéphanie;Steph, Catherine;Cathy, Maxime;Max, Jean-Baptiste;JB, Anne-Sophie;Anne, \
        Dominique;Dom, Sébastien;Seb, Jean-François;Jeff, Mathilde;Mathy, Benoît;Ben",
    abbreviations: "Rue;R., Avenue;Av., Boulevard;Bd, Place;Pl., Impasse;Imp., Allée;All., Chemin;Ch., \
        Saint;St, Sainte;Ste",
    variants: "Lefèvre;Lefebvre, Lefebvre;Lefèvre, Gautier;Gauthier, Gauthier;Gautier, Leclerc;Leclercq, \
        Muller;Müller, Meyer;Mayer, Henry;Henri",
    aliases: "Île-de-France;Ile de France, Provence-Alpes-Côte d'Azur;PACA, Auvergne-Rhône-Alpes;Rhône-Alpes, \
        Saint-Étienne;St-Étienne, Aix-en-Provence;Aix",
    foreign: "DZ;Alger, MA;Casablanca, PT;Porto, TN;Tunis, SN;Dakar, IT;Torino, BE;Bruxelles",
    birth_cities: "",
};

const ITALY: Source = Source {
    male: "Giuseppe, Giovanni, Antonio, Mario, Luigi, Francesco, Angelo, Vincenzo, Pietro, Salvatore, Carlo, \
        Franco, Domenico, Bruno, Paolo, Michele, Giorgio, Aldo, Sergio, Luciano, Alessandro, Andrea, Marco, \
        Luca, Stefano, Roberto, Davide, Simone, Matteo, Lorenzo, Leonardo, Federico, Riccardo, Gabriele, \
        Tommaso, Edoardo, Alessio, Emanuele, Fabio, Massimo, Maurizio, Claudio, Daniele, Enrico, Giacomo, \
        Niccolò, Filippo, Nicola, Cristian, Diego, Mattia, Samuele, Vittorio, Raffaele, Gianluca",
    female: "Maria, Anna, Giuseppina, Rosa, Angela, Giovanna, Teresa, Lucia, Carmela, Caterina, Francesca, \
        Antonietta, Elena, Paola, Laura, Giulia, Chiara, Sara, Martina, Valentina, Alessandra, Silvia, \
        Federica, Elisa, Roberta, Barbara, Simona, Cristina, Monica, Daniela, Sofia, Aurora, Ginevra, Alice, \
        Emma, Giorgia, Greta, Beatrice, Anna Maria, Maria Grazia, Rita, Franca, Luisa, Patrizia, Serena, \
        Margherita, Elisabetta, Ilaria, Veronica, Stefania, Gabriella, Noemi, Camilla, Arianna, Bianca, Vittoria",
    family: "Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, Bruno, Gallo, \
        Conti, De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, Moretti, Barbieri, Fontana, Santoro, \
        Mariani, Rinaldi, Caruso, Ferrara, Galli, Martini, Leone, Longo, Gentile, Martinelli, Vitale, \
        Lombardo, Serra, Coppola, De Santis, D'Angelo, Marchetti, Parisi, Villa, Conte, Ferraro, Ferri, \
        Fabbri, Bianco, Marini, Grasso, Valentini, Messina, Sala, De Angelis, Gatti, Pellegrini, Palumbo, \
        Sanna, Farina, Rizzi, Monti, Cattaneo, Morelli, Amato, Silvestri, Mazza, Testa, Grassi, Pellegrino, \
        Carbone, Giuliani, Benedetti, Barone, Rossetti, Caputo, Montanari, Guerra, Palmieri, Bernardi, \
        Martino, Fiore, De Rosa, Ferretti, Bellini, Basile, Riva, Donati, Piras, Vitali, Battaglia, Sartori, \
        Neri, Costantini, Milani, Pagano, Ruggiero, Sorrentino, D'Amico, Orlando, Negri",
    street_types: "Via, Via, Via, Via, Via, Via, Via, Via, Viale, Viale, Corso, Corso, Piazza, Piazza, Vicolo, \
        Largo, Piazzale",
    street_names: "Roma, Giuseppe Garibaldi, Giuseppe Mazzini, Vittorio Emanuele II, Cavour, Dante Alighieri, \
        della Repubblica, XX Settembre, Guglielmo Marconi, Giacomo Matteotti, dei Mille, Nazionale, \
        San Francesco, della Libertà, Alessandro Manzoni, Giuseppe Verdi, Monza, Milano, Torino, Umberto I, \
        Cesare Battisti, IV Novembre, Aldo Moro, Antonio Gramsci, Europa, delle Rose, dei Tigli, del Popolo, \
        San Giovanni, Santa Maria, Trieste, Trento, Venezia, Galileo Galilei, Leonardo da Vinci, \
        Martiri della Libertà, dell'Indipendenza, del Risorgimento, Vittorio Veneto, Gorizia, dei Pini",
    places: "Roma;Lazio;001, Roma;Lazio;001, Milano;Lombardia;201, Milano;Lombardia;201, Napoli;Campania;801, \
        Torino;Piemonte;101, Palermo;Sicilia;901, Genova;Liguria;161, Bologna;Emilia-Romagna;401, \
        Firenze;Toscana;501, Bari;Puglia;701, Catania;Sicilia;951, Venezia;Veneto;301, Verona;Veneto;371, \
        Messina;Sicilia;981, Padova;Veneto;351, Trieste;Friuli-Venezia Giulia;341, Brescia;Lombardia;251, \
        Parma;Emilia-Romagna;431, Taranto;Puglia;741, Prato;Toscana;591, Modena;Emilia-Romagna;411, \
        Reggio Calabria;Calabria;891, Perugia;Umbria;061, Cagliari;Sardegna;091, Bergamo;Lombardia;241, \
        Pescara;Abruzzo;651, Trento;Trentino-Alto Adige;381, Ancona;Marche;601, Salerno;Campania;841, \
        Lecce;Puglia;731, Pisa;Toscana;561",
    domains: "example.com, example.it, libero.example.it, virgilio.example.it, tiscali.example.it, \
        alice.example.it, example.net",
    work_domain: "azienda.example.it",
    nicknames: "Giuseppe;Beppe, Giuseppe;Peppe, Francesco;Franco, Francesco;Checco, Alessandro;Ale, \
        Giovanni;Gianni, Antonio;Toni, Roberto;Robi, Salvatore;Totò, Elisabetta;Betta, Margherita;Rita, \
        Vincenzo;Enzo, Domenico;Mimmo, Federica;Fede, Giacomo;Giacomino, Gabriele;Gabri, Emanuele;Manu",
    abbreviations: "Via;V., Piazza;P.za, Corso;C.so, Viale;V.le, Largo;L.go, Vicolo;Vic., Piazzale;P.le, \
        San;S., Santa;S.",
    variants: "D'Angelo;Dangelo, D'Amico;Damico, De Luca;Deluca, De Santis;Desantis, De Rosa;Derosa, \
        De Angelis;Deangelis",
    aliases: "Milano;Milan, Roma;Rome, Napoli;Naples, Torino;Turin, Firenze;Florence, Venezia;Venice, \
        Genova;Genoa, Padova;Padua, Lombardia;Lombardy, Piemonte;Piedmont, Sicilia;Sicily, Toscana;Tuscany, \
        Sardegna;Sardinia",
    foreign: "RO;Bucureşti, AL;Tirana, MA;Casablanca, CN;Wenzhou, UA;Kyiv, AR;Buenos Aires, DE;München",
    birth_cities: "",
};

const PORTUGAL: Source = Source {
    male: "João, José, António, Francisco, Manuel, Pedro, Luís, Carlos, Paulo, Jorge, Rui, Miguel, Tiago, \
        Ricardo, Nuno, Bruno, André, Diogo, Rafael, Gonçalo, Duarte, Tomás, Martim, Santiago, Rodrigo, Afonso, \
        Guilherme, Gabriel, Lourenço, Salvador, Filipe, Fernando, Joaquim, Armando, Fábio, Hugo, Sérgio, Vasco, \
        Vítor, Alexandre, Mário, Artur, Daniel, Henrique, Leonardo, Simão, David, Marco, Hélder, Raul",
    female: "Maria, Ana, Joana, Mariana, Beatriz, Inês, Sofia, Catarina, Marta, Rita, Sara, Carolina, Leonor, \
        Matilde, Margarida, Francisca, Lara, Alice, Teresa, Isabel, Helena, Rosa, Fernanda, Manuela, Paula, \
        Sandra, Patrícia, Cláudia, Susana, Vera, Filipa, Daniela, Andreia, Raquel, Cristina, Luísa, Madalena, \
        Clara, Benedita, Laura, Carla, Sónia, Fátima, Conceição, Graça, Lúcia, Irene, Alexandra, Diana, Bárbara",
    family: "Silva, Santos, Ferreira, Pereira, Oliveira, Costa, Rodrigues, Martins, Jesus, Sousa, Fernandes, \
        Gonçalves, Gomes, Lopes, Marques, Alves, Almeida, Ribeiro, Pinto, Carvalho, Teixeira, Moreira, Correia, \
        Mendes, Nunes, Soares, Vieira, Monteiro, Cardoso, Rocha, Raposo, Neves, Coelho, Cruz, Cunha, Pires, \
        Ramos, Reis, Simões, Antunes, Matos, Fonseca, Machado, Araújo, Barbosa, Tavares, Lourenço, Castro, \
        Figueiredo, Azevedo, Freitas, Guerreiro, Henriques, Lima, Magalhães, Batista, Campos, Borges, Brito, \
        Nogueira, Sá, Pinheiro, Valente, Faria, Paiva, Baptista, Leite, Mota, Moura, Miranda, Vaz, Amaral, \
        Esteves, Loureiro, Branco, Abreu, Barros, Melo, Cabral, Conceição, Morais, Macedo, Leal, Gaspar, Dias, \
        Duarte",
    street_types: "Rua, Rua, Rua, Rua, Rua, Rua, Rua, Rua, Avenida, Avenida, Avenida, Praça, Travessa, Largo, \
        Estrada, Alameda",
    street_names: "Augusta, da Liberdade, de Santa Catarina, do Comércio, da República, Dom João IV, \
        25 de Abril, Almirante Reis, do Carmo, da Boavista, Cândido dos Reis, de São Bento, Júlio Dinis, \
        da Prata, do Ouro, Luís de Camões, da Alegria, das Flores, do Sol, Direita, Nova, da Igreja, \
        de Cedofeita, Sá da Bandeira, dos Aliados, Fernão de Magalhães, Marquês de Pombal, Vasco da Gama, \
        da Estação, 5 de Outubro, Gago Coutinho, de Ceuta, da Constituição, Miguel Bombarda, \
        Infante Dom Henrique, do Mar, da Saudade, Egas Moniz, Serpa Pinto, de Santo António",
    places: "Lisboa;Lisboa;1, Lisboa;Lisboa;1, Lisboa;Lisboa;1, Porto;Porto;40, Porto;Porto;41, \
        Vila Nova de Gaia;Porto;44, Amadora;Lisboa;27, Braga;Braga;47, Coimbra;Coimbra;30, Funchal;Madeira;90, \
        Setúbal;Setúbal;29, Almada;Setúbal;28, Aveiro;Aveiro;38, Faro;Faro;80, Viseu;Viseu;35, \
        Leiria;Leiria;24, Guimarães;Braga;48, Évora;Évora;70, Ponta Delgada;Açores;95, Matosinhos;Porto;44, \
        Odivelas;Lisboa;26, Cascais;Lisboa;27, Sintra;Lisboa;27, Loures;Lisboa;26, Barreiro;Setúbal;28, \
        Viana do Castelo;Viana do Castelo;49, Santarém;Santarém;20, Castelo Branco;Castelo Branco;60, \
        Bragança;Bragança;53, Portimão;Faro;85",
    domains: "example.com, example.pt, sapo.example.pt, mail.example.pt, netcabo.example.pt, iol.example.pt, \
        example.net",
    work_domain: "empresa.example.org",
    nicknames: "José;Zé, Francisco;Chico, Manuel;Manel, António;Tó, Fernando;Nando, Margarida;Guida, \
        Joaquim;Quim, Alexandre;Xande, Isabel;Bela, Rafael;Rafa, Gonçalo;Gonça, Henrique;Kiko, Filipe;Lipe",
    abbreviations: "Rua;R., Avenida;Av., Praça;Pç., Travessa;Tv., Largo;Lg., Estrada;Estr., Alameda;Al., \
        Dom;D., São;S.",
    variants: "Sousa;Souza, Batista;Baptista, Baptista;Batista, Conceição;Conceicao, Simões;Simoes",
    aliases: "Lisboa;Lisbon, Porto;Oporto, Açores;Azores, Madeira;Região Autónoma da Madeira",
    foreign: "BR;São Paulo, AO;Luanda, CV;Praia, MZ;Maputo, FR;Paris, UA;Lviv, GB;London",
    birth_cities: "",
};

const JAPAN: Source = Source {
    male: "太郎:タロウ:taro, 健太:ケンタ:kenta, 翔太:ショウタ:shota, 大輔:ダイスケ:daisuke, 拓也:タクヤ:takuya, \
        直樹:ナオキ:naoki, 誠:マコト:makoto, 浩二:コウジ:koji, 健一:ケンイチ:kenichi, 隆:タカシ:takashi, \
        蓮:レン:ren, 悠真:ユウマ:yuma, 陽翔:ハルト:haruto, 大樹:ダイキ:daiki, 和也:カズヤ:kazuya, \
        一郎:イチロウ:ichiro, 修:オサム:osamu, 博:ヒロシ:hiroshi, 茂:シゲル:shigeru, 翼:ツバサ:tsubasa, \
        亮:リョウ:ryo, 剛:ツヨシ:tsuyoshi, 雄一:ユウイチ:yuichi, 秀樹:ヒデキ:hideki, 正人:マサト:masato, \
        勇気:ユウキ:yuki, 達也:タツヤ:tatsuya, 慎太郎:シンタロウ:shintaro, 康介:コウスケ:kosuke, \
        智也:トモヤ:tomoya, 悠斗:ユウト:yuto, 湊:ミナト:minato, 大和:ヤマト:yamato, 健二:ケンジ:kenji, \
        進:ススム:susumu, 学:マナブ:manabu",
    female: "花子:ハナコ:hanako, 陽子:ヨウコ:yoko, 美咲:ミサキ:misaki, 結衣:ユイ:yui, さくら:サクラ:sakura, \
        愛:アイ:ai, 恵子:ケイコ:keiko, 由美:ユミ:yumi, 真由美:マユミ:mayumi, 裕子:ユウコ:yuko, 明美:アケミ:akemi, \
        智子:トモコ:tomoko, 直美:ナオミ:naomi, 久美子:クミコ:kumiko, 美穂:ミホ:miho, 彩:アヤ:aya, 葵:アオイ:aoi, \
        陽菜:ヒナ:hina, 凛:リン:rin, 結愛:ユア:yua, 七海:ナナミ:nanami, 舞:マイ:mai, 優子:ユウコ:yuko, \
        恵美:エミ:emi, 千尋:チヒロ:chihiro, 麻衣:マイ:mai, 沙織:サオリ:saori, 香織:カオリ:kaori, \
        幸子:サチコ:sachiko, 和子:カズコ:kazuko, 芽依:メイ:mei, 紬:ツムギ:tsumugi, 美優:ミユ:miyu, \
        洋子:ヨウコ:yoko, 純子:ジュンコ:junko",
    family: "佐藤:サトウ:sato, 鈴木:スズキ:suzuki, 高橋:タカハシ:takahashi, 田中:タナカ:tanaka, 伊藤:イトウ:ito, \
        渡辺:ワタナベ:watanabe, 山本:ヤマモト:yamamoto, 中村:ナカムラ:nakamura, 小林:コバヤシ:kobayashi, \
        加藤:カトウ:kato, 吉田:ヨシダ:yoshida, 山田:ヤマダ:yamada, 佐々木:ササキ:sasaki, 山口:ヤマグチ:yamaguchi, \
        松本:マツモト:matsumoto, 井上:イノウエ:inoue, 木村:キムラ:kimura, 林:ハヤシ:hayashi, 斎藤:サイトウ:saito, \
        清水:シミズ:shimizu, 山崎:ヤマザキ:yamazaki, 森:モリ:mori, 池田:イケダ:ikeda, 橋本:ハシモト:hashimoto, \
        阿部:アベ:abe, 石川:イシカワ:ishikawa, 山下:ヤマシタ:yamashita, 中島:ナカジマ:nakajima, 石井:イシイ:ishii, \
        小川:オガワ:ogawa, 前田:マエダ:maeda, 岡田:オカダ:okada, 長谷川:ハセガワ:hasegawa, 藤田:フジタ:fujita, \
        後藤:ゴトウ:goto, 近藤:コンドウ:kondo, 村上:ムラカミ:murakami, 遠藤:エンドウ:endo, 青木:アオキ:aoki, \
        坂本:サカモト:sakamoto, 斉藤:サイトウ:saito, 福田:フクダ:fukuda, 太田:オオタ:ota, 西村:ニシムラ:nishimura, \
        藤井:フジイ:fujii, 金子:カネコ:kaneko, 岡本:オカモト:okamoto, 藤原:フジワラ:fujiwara, 中野:ナカノ:nakano, \
        三浦:ミウラ:miura",
    street_types: "",
    street_names: "",
    places: "新宿区;東京都;160-0023;西新宿, 渋谷区;東京都;150-0043;道玄坂, 港区;東京都;106-0032;六本木, \
        世田谷区;東京都;154-0024;三軒茶屋, 千代田区;東京都;100-0005;丸の内, 大田区;東京都;144-0051;西蒲田, \
        練馬区;東京都;176-0001;練馬, 大阪市北区;大阪府;530-0001;梅田, 大阪市中央区;大阪府;542-0076;難波, \
        京都市中京区;京都府;604-8005;恵比須町, 名古屋市中区;愛知県;460-0008;栄, \
        横浜市西区;神奈川県;220-0012;みなとみらい, 川崎市中原区;神奈川県;211-0063;小杉町, \
        札幌市中央区;北海道;060-0042;大通西, 福岡市博多区;福岡県;812-0011;博多駅前, \
        仙台市青葉区;宮城県;980-0811;一番町, 広島市中区;広島県;730-0031;紙屋町, 神戸市中央区;兵庫県;650-0021;三宮町, \
        さいたま市大宮区;埼玉県;330-0854;桜木町, 千葉市中央区;千葉県;260-0015;富士見, \
        静岡市葵区;静岡県;420-0031;呉服町, 那覇市;沖縄県;900-0015;久茂地",
    domains: "example.com, example.jp, docomo.example.jp, ezweb.example.net, softbank.example.jp, \
        yahoo.example.co.jp",
    work_domain: "kaisha.example.jp",
    nicknames: "",
    abbreviations: "",
    variants: "渡辺;渡邊, 斎藤;齋藤, 高橋;髙橋, 山崎;山﨑, 斉藤;齊藤, 吉田;𠮷田",
    aliases: "",
    foreign: "CN;上海, KR;ソウル, VN;ハノイ, PH;マニラ, BR;サンパウロ, US;ロサンゼルス",
    birth_cities: "東京, 大阪, 京都, 名古屋, 札幌, 福岡, 横浜, 神戸, 仙台, 広島, 那覇, 金沢, 静岡, 熊本, 新潟",
};
