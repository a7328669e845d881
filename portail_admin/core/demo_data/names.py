"""Plausible French names and the streets of Alix (Rhône, 69380), for generated families."""

SURNAMES = (
    """
MARTIN BERNARD THOMAS PETIT ROBERT RICHARD DURAND DUBOIS MOREAU LAURENT SIMON MICHEL LEFEBVRE
LEROY ROUX DAVID BERTRAND MOREL FOURNIER GIRARD BONNET DUPUIS LAMBERT FONTAINE ROUSSEAU VINCENT
MULLER LEFÈVRE FAURE ANDRÉ MERCIER BLANC GUÉRIN BOYER GARNIER CHEVALIER FRANÇOIS LEGRAND GAUTHIER
GARCIA PERRIN ROBIN CLÉMENT MORIN NICOLAS HENRY ROUSSEL MATHIEU MASSON MARCHAND DUVAL DENIS
DUMONT LEMAIRE NOËL MEYER DUFOUR MEUNIER BRUN BLANCHARD GIRAUD JOLY RIVIÈRE LUCAS BRUNET GAILLARD
BARBIER ARNAUD MARTINEZ GÉRARD ROCHE RENARD SCHMITT ROY LEROUX COLIN VIDAL CARON PICARD ROGER
FABRE AUBERT LEMOINE RENAUD DUMAS LACROIX OLIVIER PHILIPPE BOURGEOIS PIERRE BENOÎT REY LECLERC
ROLLAND GUILLAUME LECOMTE LOPEZ DUPUY GUILLOT HUBERT BERGER CARPENTIER SANCHEZ MOULIN DESCHAMPS
HUET VASSEUR PEREZ BOUCHER FLEURY ROYER KLEIN JACQUET ADAM POIRIER MARTY AUBRY GUYOT CARRÉ
CHARPENTIER MÉNARD MAILLARD BARON BERTIN BAILLY HERVÉ SCHNEIDER FERNANDEZ COLLET LÉGER BOUVIER
JULIEN PRÉVOST MILLET PERROT COUSIN GERMAIN BRETON BESSON LANGLOIS RÉMY PELLETIER LÉVÊQUE
PERRIER LEBLANC BARRÉ LEBRUN MARCHAL WEBER MALLET HAMON BOULANGER JACOB MONNIER MICHAUD GUICHARD
GILLET ÉTIENNE POULAIN TESSIER CHAUVIN BOUCHET LEMAÎTRE MARÉCHAL HUMBERT REYNAUD PERRET
BARTHÉLEMY CORDIER PICHON LEJEUNE GILBERT LAMY DELAUNAY PASQUIER CARLIER LAPORTE
""".split()
    + ["DA SILVA", "LE GALL", "DE OLIVEIRA", "BEN AMAR"]
)

FATHER_NAMES = (
    """
THOMAS NICOLAS JULIEN SÉBASTIEN MAXIME ANTOINE GUILLAUME ROMAIN ALEXANDRE JÉRÔME MATHIEU CÉDRIC
DAVID FRÉDÉRIC LAURENT OLIVIER VINCENT BENJAMIN PIERRE FLORIAN KEVIN DAMIEN ARNAUD FABIEN
YANNICK MICKAËL STÉPHANE CHRISTOPHE ANTHONY JONATHAN KARIM MEHDI
""".split()
    + ["JEAN-BAPTISTE", "PIERRE-ANTOINE"]
)

MOTHER_NAMES = (
    """
JULIE AURÉLIE CÉLINE ÉMILIE SOPHIE CAROLINE STÉPHANIE SANDRINE ÉLODIE CAMILLE MARION LAURA SARAH
PAULINE CHARLOTTE MÉLANIE AUDREY VIRGINIE NATHALIE CLAIRE HÉLÈNE MARIE LUCIE AMANDINE ANAÏS
CHLOÉ MANON VANESSA DELPHINE SAMIA NADIA
""".split()
    + ["ANNE-SOPHIE", "MARIE-LAURE"]
)

BOY_NAMES = """
GABRIEL LÉO RAPHAËL ARTHUR LOUIS JULES ADAM MAËL LUCAS HUGO NOAH LIAM SACHA ETHAN PAUL NATHAN TOM
MATHIS TIMÉO AARON GABIN ÉDEN NOLAN VICTOR MARIUS AXEL THÉO SIMON ISAAC ELIOTT
""".split()

GIRL_NAMES = """
JADE LOUISE EMMA AMBRE ALICE ROSE ANNA ALBA ROMY MIA LÉNA LINA CHLOÉ LÉA MILA JULIA INÈS AGATHE
ZOÉ CAMILLE LOU NINA CHARLIE IRIS LUCIE MANON EVA ADÈLE CAPUCINE MARGAUX
""".split()

STREETS = [
    "Chemin de la Chapelle",
    "Route de Marcy",
    "Montée de l'Église",
    "Impasse des Vignes",
    "Rue du Stade",
    "Chemin des Pierres Dorées",
    "Allée des Tilleuls",
    "Route de Charnay",
    "Chemin du Bois d'Alix",
    "Place de la Mairie",
    "Chemin de Grange Neuve",
    "Rue du Lavoir",
    "Chemin des Écoliers",
    "Impasse du Pressoir",
    "Route du Bourg",
    "Chemin de la Croix",
    "Lotissement Le Clos des Chênes",
    "Chemin de Saint-Roch",
]

MAIL_DOMAINS = ["orange.fr", "free.fr", "gmail.com", "laposte.net", "sfr.fr", "outlook.fr"]

PROFESSIONS = [
    ("Infirmière", "Professions intermédiaires", "Hôpital de Villefranche"),
    ("Technicien de maintenance", "Professions intermédiaires", "Renault Trucks"),
    ("Professeur des écoles", "Professions intermédiaires", "Éducation nationale"),
    ("Comptable", "Employés", "Cabinet Fiducial"),
    ("Viticulteur", "Agriculteurs exploitants", ""),
    ("Ingénieur", "Cadres et professions intellectuelles supérieures", "Sanofi Pasteur"),
    ("Aide-soignante", "Employés", "EHPAD Les Tilleuls"),
    ("Artisan menuisier", "Artisans, commerçants, chefs d'entreprise", ""),
    ("Vendeuse", "Employés", "Carrefour Market"),
    ("Chauffeur livreur", "Ouvriers", "Transports Chazal"),
    ("Développeur", "Cadres et professions intellectuelles supérieures", "Sopra Steria"),
    ("Assistante de direction", "Employés", "Mairie de Villefranche"),
]

ALLERGIES = ["Arachide", "Lait de vache", "Œuf", "Fruits à coque", "Kiwi", "Gluten"]
DIETS = ["Sans porc", "Végétarien", "Sans viande"]
DOCTORS = [
    ("Dr BERTHOLON", "04 74 71 20 15"),
    ("Dr CHAMBON", "04 78 43 95 02"),
    ("Dr PONCET", "04 74 62 11 48"),
]

SCHOOLS = {
    "maternelle": "École maternelle Les Tilleuls",
    "elementaire": "École élémentaire Jean de La Fontaine",
}

# Birth year -> class in the 2026-2027 school year is computed from the school year start.
CLASSES = ["PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2"]
