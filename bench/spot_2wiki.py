"""A held-out spot check of the answer stage on questions no reader model was fitted on.

A hundred and fifty-two questions written by hand in 2WikiMultiHopQA's four forms (compositional, comparison,
bridge comparison, one hop) over the 2Wiki corpus in ``../shared/data/2wiki-corpus``, in six sets
(``--set a|b|c|d|e|f|all``; sets B, C, D, E and F were each written later, before any of them was run) — each answer read off
the passages named with it, which the corpus holds. They are not 2Wiki's own
questions (the shared data has none), and none of them was used to fit or tune anything: they
check that the answer stage generalises beyond musique-100, including the question forms
musique-100 lacks (comparisons, "same nationality", "both ...").

    python -m hippograph.bench.spot_2wiki --store-path .hippograph/2wiki --out-dir results/spot-2wiki

writes ``questions.json`` (the MuSiQue/HippoRAG format, gold passages from the corpus) and runs
``hippograph eval`` on it (spaCy extractor unless ``--extractor`` says otherwise), which prints
EM / F1 of the shipped reader model (held out here) beside dense-RAG and every answer's path.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from hippograph.bench.common import SHARED

# (form, question, answer, aliases, titles of the passages that hold the answer)
Question = tuple[str, str, str, list[str], list[str]]
QUESTIONS: list[Question] = [
    ("compositional", "When was the director of Single Video Theory born?", "March 17, 1962", ["1962"],
     ["Single Video Theory", "Mark Pellington"]),
    ("compositional", "Where was the director of The Last Coupon born?", "Hitchin", ["Hitchin, Hertfordshire"],
     ["The Last Coupon", "Frank Launder"]),
    ("compositional", "Where was the director of Gaby: A True Story born?", "Mexico City", [],
     ["Gaby: A True Story", "Luis Mandoki"]),
    ("compositional", "When did the director of The Goose Woman die?", "August 17, 1987", ["1987"],
     ["The Goose Woman", "Clarence Brown"]),
    ("compositional", "What is the nationality of the director of I'll Be Going Now?", "Italian", ["Italy"],
     ["I'll Be Going Now", "Dino Risi"]),
    ("compositional", "Where did the director of 45 Fathers die?", "Los Angeles", [], ["45 Fathers", "James Tinling"]),
    ("compositional", "When did the director of Salad by the Roots die?", "22 November 2013", ["2013"],
     ["Salad by the Roots", "Georges Lautner"]),
    ("compositional", "Who is the grandfather of the director of Palo Alto (2013 film)?", "Francis Ford Coppola", [],
     ["Palo Alto (2013 film)", "Gia Coppola"]),
    ("compositional", "When was the director of It's a Wonderful Afterlife born?", "10 January 1960", ["1960"],
     ["It's a Wonderful Afterlife", "Gurinder Chadha"]),
    ("compositional", "When did the director of Dangerously They Live die?", "16 May 1979", ["1979"],
     ["Dangerously They Live", "Robert Florey"]),
    ("compositional", "Where was the director of Dangerously They Live born?", "Paris", [],
     ["Dangerously They Live", "Robert Florey"]),
    ("compositional", "When did the director of Gladiators Seven die?", "2 June 2015", ["2015"],
     ["Gladiators Seven", "Alberto De Martino"]),
    ("comparison", "Which film came out first, The Goose Woman or The Last Coupon?", "The Goose Woman", [],
     ["The Goose Woman", "The Last Coupon"]),
    ("comparison", "Which film came out first, Dangerously They Live or 45 Fathers?", "45 Fathers", [],
     ["Dangerously They Live", "45 Fathers"]),
    ("comparison", "Who was born first, Frank Launder or Clarence Brown?", "Clarence Brown", [],
     ["Frank Launder", "Clarence Brown"]),
    ("comparison", "Who died first, Dino Risi or Georges Lautner?", "Dino Risi", [], ["Dino Risi", "Georges Lautner"]),
    ("comparison", "Which film was released more recently, Tombstone Rashomon or Duet for Four?", "Tombstone Rashomon", [],
     ["Tombstone Rashomon", "Duet for Four"]),
    ("comparison", "Are Dino Risi and Alberto De Martino of the same nationality?", "yes", [],
     ["Dino Risi", "Alberto De Martino"]),
    ("comparison", "Are Julie Dash and Perry Bhandal of the same nationality?", "no", [], ["Julie Dash", "Perry Bhandal"]),
    ("comparison", "Are Mark Pellington and Clarence Brown both American?", "yes", [], ["Mark Pellington", "Clarence Brown"]),
    ("bridge_comparison", "Which film has the director who was born earlier, The Goose Woman or The Last Coupon?",
     "The Goose Woman", [], ["The Goose Woman", "Clarence Brown", "The Last Coupon", "Frank Launder"]),
    ("bridge_comparison", "Which film has the director who died later, I'll Be Going Now or Salad by the Roots?",
     "Salad by the Roots", [], ["I'll Be Going Now", "Dino Risi", "Salad by the Roots", "Georges Lautner"]),
    ("single_hop", "Who directed The Night of Nights?", "Lewis Milestone", [], ["The Night of Nights"]),
    ("single_hop", "Who directed Madame la Presidente?", "Frank Lloyd", [], ["Madame la Presidente"]),
]


# Set B: 26 more, written before any of them was run (2026-11-28), on other films and other
# relations (parents, spouses, schooling, a film's country), so the first run of them was a clean
# held-out figure: EM 50.0 (13 of 26; compositional 7 of 18, one hop 0 of 2). See the README.
QUESTIONS_B: list[Question] = [
    ("compositional", "Who is the father of the director of Atomised?", "Klaus Roehler", [], ["Atomised (film)", "Oskar Roehler"]),
    ("compositional", "Who is the mother of the director of Atomised?", "Gisela Elsner", [], ["Atomised (film)", "Oskar Roehler"]),
    ("compositional", "Who is the father of the director of Tiger Cage?", "Yuen Siu-tien", [], ["Tiger Cage (film)", "Yuen Woo-ping"]),
    ("compositional", "Who is the father of the director of Student of the Year?", "Yash Johar", [], ["Student of the Year", "Karan Johar"]),
    ("compositional", "Who is the spouse of the director of The Hitler Gang?", "Maureen O'Sullivan", [], ["The Hitler Gang", "John Farrow"]),
    ("compositional", "Who is the spouse of the director of Captain Apache?", "Judith Singer", [], ["Captain Apache", "Alexander Singer"]),
    ("compositional", "Where was the director of Beasts of Prey born?", "Seoul", [], ["Beasts of Prey", "Kim Ki-young"]),
    ("compositional", "Where was the director of Pod banderą miłości born?", "Kowel", [], ["Pod banderą miłości", "Michał Waszyński"]),
    ("compositional", "Where was the director of Brother Rat born?", "Philadelphia", ["Philadelphia, Pennsylvania"], ["Brother Rat", "William Keighley"]),
    ("compositional", "Where did the director of Brother Rat die?", "New York", ["New York City", "New York, New York"], ["Brother Rat", "William Keighley"]),
    ("compositional", "When did the director of Drive a Crooked Road die?", "June 10, 1989", ["1989"], ["Drive a Crooked Road", "Richard Quine"]),
    ("compositional", "When was the director of Where Does It Hurt? born?", "December 20, 1923", ["1923"], ["Where Does It Hurt?", "Rod Amateau"]),
    ("compositional", "When did the director of Bedre enn sitt rykte die?", "17 May 2003", ["2003"], ["Bedre enn sitt rykte", "Edith Carlmar"]),
    ("compositional", "Where did the director of Holiday in Tyrol study?", "University of Leipzig", [], ["Holiday in Tyrol", "Wolfgang Schleif"]),
    ("compositional", "Where was the director of Time Out for Rhythm educated?", "City College of New York", ["Columbia University", "Harvard Law School"], ["Time Out for Rhythm", "Sidney Salkow"]),
    ("compositional", "Who is the grandfather of the director of Sugar, Honey and Pepper?", "Gennaro Righelli", [], ["Sugar, Honey and Pepper", "Sergio Martino"]),
    ("compositional", "Who is the father of the director of I Died a Thousand Times?", "Luther Albert Heisler", [], ["I Died a Thousand Times", "Stuart Heisler"]),
    ("compositional", "What is the nationality of the director of Dhuen Ki Lakeer?", "Indian", ["India"], ["Dhuen Ki Lakeer", "Kishore Sahu"]),
    ("comparison", "Who was born first, Kishore Sahu or Edith Carlmar?", "Edith Carlmar", [], ["Kishore Sahu", "Edith Carlmar"]),
    ("comparison", "Which film came out first, Dhuen Ki Lakeer or Tiger Cage?", "Dhuen Ki Lakeer", [], ["Dhuen Ki Lakeer", "Tiger Cage (film)"]),
    ("comparison", "Are Stuart Heisler and Richard Quine both American?", "yes", [], ["Stuart Heisler", "Richard Quine"]),
    ("comparison", "Are Oskar Roehler and Sergio Martino of the same nationality?", "no", [], ["Oskar Roehler", "Sergio Martino"]),
    ("bridge_comparison", "Which film has the director who died first, Drive a Crooked Road or I Died a Thousand Times?", "I Died a Thousand Times", [],
     ["Drive a Crooked Road", "Richard Quine", "I Died a Thousand Times", "Stuart Heisler"]),
    ("bridge_comparison", "Which film has the director who was born later, Beasts of Prey or Student of the Year?", "Student of the Year", [],
     ["Beasts of Prey", "Kim Ki-young", "Student of the Year", "Karan Johar"]),
    ("single_hop", "Which country is the film Holiday in Tyrol from?", "West Germany", ["Germany"], ["Holiday in Tyrol"]),
    ("single_hop", "Who directed Pod banderą miłości?", "Michał Waszyński", [], ["Pod banderą miłości"]),
]


# Set C: 25 more, written before any of them was run (2026-11-28, session 17), on other films and
# people (birth and death places and dates, parents and siblings, comparisons by date): its first
# run was again a clean held-out figure (see the README).
QUESTIONS_C: list[Question] = [
    ("compositional", "Where was the director of Love, Honor and Oh-Baby! born?", "San Francisco", [], ["Love, Honor and Oh-Baby!", "Charles Lamont"]),
    ("compositional", "Where did the director of False Pretenses die?", "Los Angeles", [], ["False Pretenses", "Charles Lamont"]),
    ("compositional", "When did the director of Five Million Look for an Heir die?", "6 July 1958", ["1958"], ["Five Million Look for an Heir", "Carl Boese"]),
    ("compositional", "Where was the director of The Biggest Show on Earth born?", "Denver, Colorado", ["Denver"], ["The Biggest Show on Earth", "Jerome Storm"]),
    ("compositional", "Where did the director of The Biggest Show on Earth die?", "Desert Hot Springs, California", ["Desert Hot Springs"], ["The Biggest Show on Earth", "Jerome Storm"]),
    ("compositional", "When was the director of Souls at Sea born?", "March 13, 1898", ["1898"], ["Souls at Sea", "Henry Hathaway"]),
    ("compositional", "Who is the mother of the director of Ghosts of Abu Ghraib?", "Ethel Skakel", [], ["Ghosts of Abu Ghraib", "Rory Kennedy"]),
    ("compositional", "Who is the father of the director of Ghosts of Abu Ghraib?", "Robert Kennedy", [], ["Ghosts of Abu Ghraib", "Rory Kennedy"]),
    ("compositional", "Where was the director of the 1922 film Possession born?", "Nyon", [], ["Possession (1922 film)", "Louis Mercanton"]),
    ("compositional", "Where did the director of Vent d'est die?", "Paris", [], ["Vent d'est", "Robert Enrico"]),
    ("compositional", "Where was the director of Vent d'est born?", "Liévin", ["Liévin, Pas-de-Calais"], ["Vent d'est", "Robert Enrico"]),
    ("compositional", "Where was the director of The Green Jacket born?", "Marseille", [], ["The Green Jacket", "Roger Richebé"]),
    ("compositional", "Where was the director of Seven Women born?", "Madrid", [], ["Seven Women (1944 film)", "Benito Perojo"]),
    ("compositional", "Where was the director of Into the Grizzly Maze born?", "Toronto", ["Toronto, Ontario"], ["Into the Grizzly Maze", "David Hackl"]),
    ("compositional", "Who is the sister of the director of La Boum?", "Arlette Merry", [], ["La Boum", "Claude Pinoteau"]),
    ("compositional", "Where was the director of La Boum born?", "Boulogne-Billancourt", [], ["La Boum", "Claude Pinoteau"]),
    ("compositional", "When did the composer of You've Got What Gets Me die?", "July 11, 1937", ["1937"], ["You've Got What Gets Me", "George Gershwin"]),
    ("compositional", "Where was the director of Secret Service of the Air born?", "Rockland, California", ["Rockland"], ["Secret Service of the Air", "Noel M. Smith"]),
    ("compositional", "When did the director of Daleks' Invasion Earth 2150 A.D. die?", "12 July 1995", ["1995"], ["Daleks' Invasion Earth 2150 A.D.", "Gordon Flemyng"]),
    ("compositional", "Where did the director of We Make Music die?", "Castellina in Chianti", [], ["We Make Music", "Helmut Käutner"]),
    ("comparison", "Which film came out first, Souls at Sea or The Whisperers?", "Souls at Sea", [], ["Souls at Sea", "The Whisperers"]),
    ("comparison", "Who died first, Carl Boese or Henry Hathaway?", "Carl Boese", [], ["Carl Boese", "Henry Hathaway"]),
    ("comparison", "Who was born first, Gordon Flemyng or Peter Glenville?", "Peter Glenville", [], ["Gordon Flemyng", "Peter Glenville"]),
    ("bridge_comparison", "Which film has the director who was born earlier, Flannelfoot or La Boum?", "Flannelfoot", [],
     ["Flannelfoot", "Maclean Rogers", "La Boum", "Claude Pinoteau"]),
    ("bridge_comparison", "Which film has the director who died first, Women's Weapons or Broadway or Bust?", "Broadway or Bust", [],
     ["Women's Weapons", "Robert G. Vignola", "Broadway or Bust", "Edward Sedgwick"]),
]

# Set D: 26 more, written before any of them was run (2026-11-28, session 18), on other films,
# songs and people (nationality, spouse, a composer, places written "London- 29 September ...",
# comparisons): first run EM 61.5 held out (see the README).
QUESTIONS_D: list[Question] = [
    ("compositional", "When did the director of The Dixie Flyer die?", "February 3, 1976", ["1976"], ["The Dixie Flyer", "Charles J. Hunt"]),
    ("compositional", "Where was the director of The Devil on Horseback born?", "Athens, New York", ["Athens"], ["The Devil on Horseback", "Crane Wilbur"]),
    ("compositional", "Where did the director of The Devil on Horseback die?", "Toluca Lake, California", ["Toluca Lake"], ["The Devil on Horseback", "Crane Wilbur"]),
    ("compositional", "What nationality is the director of The Mad Doctor of Blood Island?", "Filipino", [], ["The Mad Doctor of Blood Island", "Eddie Romero"]),
    ("compositional", "When was the director of I Think They Call Him John born?", "4 December 1923", ["1923"], ["I Think They Call Him John", "John Krish"]),
    ("compositional", "Who was the director of the 1976 film Vortex married to?", "Jocelyn Wildenstein", [], ["Vortex (1976 film)", "Sergio Gobbi"]),
    ("compositional", "Where was the director of the 1976 film Vortex born?", "Milan", ["Milan, Italy"], ["Vortex (1976 film)", "Sergio Gobbi"]),
    ("compositional", "Where was the composer of By the Beautiful Sea born?", "Atlantic City, New Jersey", ["Atlantic City"], ["By the Beautiful Sea (song)", "Harry Carroll"]),
    ("compositional", "Where did the director of Sky Patrol die?", "San Diego, California", ["San Diego"], ["Sky Patrol", "Howard Bretherton"]),
    ("compositional", "Who is the father of the director of Showdown at Boot Hill?", "Gene Fowler", [], ["Showdown at Boot Hill", "Gene Fowler Jr."]),
    ("compositional", "Where was the director of Naked Violence born?", "San Ferdinando di Puglia", ["San Ferdinando di Puglia, Italy"], ["Naked Violence (film)", "Fernando Di Leo"]),
    ("compositional", "Where was the director of Good People born?", "Gram, Denmark", ["Gram"], ["Good People (film)", "Henrik Ruben Genz"]),
    ("compositional", "Where did the director of A Hero of the Big Snows die?", "Oceanside, Long Island, New York", ["Oceanside"], ["A Hero of the Big Snows", "Herman C. Raymaker"]),
    ("compositional", "Where was the director of Ask a Policeman born?", "Paris", ["Paris, France"], ["Ask a Policeman", "Marcel Varnel"]),
    ("compositional", "Where was the director of Laughing at Death born?", "Purcell, Oklahoma", ["Purcell"], ["Laughing at Death", "Wallace Fox"]),
    ("compositional", "Where did the director of The Marriage of William Ashe die?", "Woodland Hills, California", ["Woodland Hills"], ["The Marriage of William Ashe (1921 film)", "Edward Sloman"]),
    ("compositional", "Where was the director of An Event born?", "Omiš", [], ["An Event", "Vatroslav Mimica"]),
    ("compositional", "Where was the director of the 2004 film Agni born?", "Ajmer", ["Ajmer, Rajasthan", "Ajmer, Rajasthan, India"], ["Agni (2004 film)", "Swapan Saha"]),
    ("compositional", "When did the director of True to the Navy die?", "January 6, 1963", ["1963"], ["True to the Navy", "Frank Tuttle"]),
    ("comparison", "Who was born first, Crane Wilbur or Roland West?", "Roland West", [], ["Crane Wilbur", "Roland West"]),
    ("comparison", "Who died later, Maurice Elvey or Ken Hughes?", "Ken Hughes", [], ["Maurice Elvey", "Ken Hughes"]),
    ("comparison", "Which film came out first, Jazz Boat or House of Blackmail?", "House of Blackmail", [], ["Jazz Boat", "House of Blackmail"]),
    ("comparison", "Are Umberto Lenzi and Fernando Di Leo of the same nationality?", "yes", [], ["Umberto Lenzi", "Fernando Di Leo"]),
    ("comparison", "Are Halit Refiğ and Vatroslav Mimica both Turkish?", "no", [], ["Halit Refiğ", "Vatroslav Mimica"]),
    ("bridge_comparison", "Which film has the director who was born earlier, The Dixie Flyer or De Luxe Annie?", "The Dixie Flyer", [],
     ["The Dixie Flyer", "Charles J. Hunt", "De Luxe Annie", "Roland West"]),
    ("bridge_comparison", "Which film has the director who died first, Jazz Boat or The Brown Wallet?", "The Brown Wallet", [],
     ["Jazz Boat", "Ken Hughes", "The Brown Wallet", "Michael Powell"]),
]

QUESTIONS_E: list[Question] = [
    ("compositional", "Where was the director of The Girl in the Glass Cage born?", "Westborough, Massachusetts", ["Westborough"], ["The Girl in the Glass Cage", "Ralph Dawson"]),
    ("compositional", "When was the director of A Better Tomorrow III: Love & Death in Saigon born?", "15 February 1950", ["1950"], ["A Better Tomorrow III: Love & Death in Saigon", "Tsui Hark"]),
    ("compositional", "When did the director of Agar Tum Na Hote die?", "15 October 2017", ["2017"], ["Agar Tum Na Hote", "Lekh Tandon"]),
    ("compositional", "What nationality is the director of Land of Peace?", "Egyptian", ["Egypt"], ["Land of Peace", "Kamal El Sheikh"]),
    ("compositional", "Where did the director of Five Red Tulips die?", "Grasse", [], ["Five Red Tulips", "Jean Stelli"]),
    ("compositional", "Where was the director of The Prince and Betty born?", "New York, New York", ["New York", "New York City"], ["The Prince and Betty (film)", "Robert Thornby"]),
    ("compositional", "When did the director of Summer Skin die?", "8 September 1978", ["1978"], ["Summer Skin (film)", "Leopoldo Torre Nilsson"]),
    ("compositional", "Where was the director of Taming of the Fire born?", "Rostov-on-Don", [], ["Taming of the Fire", "Daniil Khrabrovitsky"]),
    ("compositional", "Where did the director of Under the Cards die?", "Paris", [], ["Under the Cards", "André Cayatte"]),
    ("compositional", "Which country was the director of Dream of the Rhine from?", "Germany", ["German"], ["Dream of the Rhine", "Herbert Selpin"]),
    ("compositional", "Where did the director of The Organization die?", "West Hills, California", ["West Hills"], ["The Organization (film)", "Don Medford"]),
    ("compositional", "Where was the director of Dancing in the Rain born?", "Kranj", [], ["Dancing in the Rain (film)", "Boštjan Hladnik"]),
    ("compositional", "Where was the director of Modern Husbands born?", "Bilbao", ["Bilbao, Spain"], ["Modern Husbands", "Luis Bayón Herrera"]),
    ("compositional", "When was the director of Shadows in Paradise born?", "4 April 1957", ["1957"], ["Shadows in Paradise", "Aki Kaurismäki"]),
    ("compositional", "Where was the director of Jingle All the Way born?", "Highland Park, Illinois", ["Highland Park"], ["Jingle All the Way", "Brian Levant"]),
    ("compositional", "Where did the director of The Iron Man serial die?", "Los Angeles County, California", ["Los Angeles County"], ["The Iron Man (serial)", "Jay Marchant"]),
    ("compositional", "Which actor is the son of the director of En Aasai Rasave?", "Dhanush", [], ["En Aasai Rasave", "Kasthuri Raja"]),
    ("comparison", "Who was born first, Ralph Dawson or George Sherman?", "Ralph Dawson", [], ["Ralph Dawson", "George Sherman"]),
    ("comparison", "Who died later, Kamal El Sheikh or Max Neufeld?", "Kamal El Sheikh", [], ["Kamal El Sheikh", "Max Neufeld"]),
    ("comparison", "Which film came out first, Licenza premio or Range War?", "Range War", [], ["Licenza premio", "Range War"]),
    ("comparison", "Are Luigi Cozzi and Lina Wertmüller of the same nationality?", "yes", [], ["Luigi Cozzi", "Lina Wertmüller"]),
    ("comparison", "Are Bertrand Tavernier and Aki Kaurismäki both French?", "no", [], ["Bertrand Tavernier", "Aki Kaurismäki"]),
    ("comparison", "Who is younger, Keith Gordon or Marcos Siega?", "Marcos Siega", [], ["Keith Gordon", "Marcos Siega"]),
    ("bridge_comparison", "Which film has the director who was born later, Paganini Horror or A Joke of Destiny?", "Paganini Horror", [],
     ["Paganini Horror", "Luigi Cozzi", "A Joke of Destiny", "Lina Wertmüller"]),
    ("bridge_comparison", "Which film has the director who died first, Summer Skin or Balipeetam?", "Summer Skin", [],
     ["Summer Skin (film)", "Leopoldo Torre Nilsson", "Balipeetam", "Dasari Narayana Rao"]),
    ("bridge_comparison", "Are the directors of Beatrice and Je fais le mort from the same country?", "yes", [],
     ["Beatrice (1987 film)", "Bertrand Tavernier", "Je fais le mort", "Jean-Paul Salomé"]),
]

QUESTIONS_F: list[Question] = [
    ("compositional", "When did the director of Tarzan's Hidden Jungle die?", "July 19, 1986", ["1986"], ["Tarzan's Hidden Jungle", "Harold D. Schuster"]),
    ("compositional", "Where was the director of They Only Kill Their Masters born?", "Los Angeles", ["Los Angeles, California"], ["They Only Kill Their Masters", "James Goldstone"]),
    ("compositional", "Where did the director of They Only Kill Their Masters die?", "Shaftsbury, Vermont", ["Shaftsbury"], ["They Only Kill Their Masters", "James Goldstone"]),
    ("compositional", "Where was the director of A Chrysanthemum Bursts in Cincoesquinas born?", "Buenos Aires", [], ["A Chrysanthemum Bursts in Cincoesquinas", "Daniel Burman"]),
    ("compositional", "When was the director of Four Days in November born?", "September 2, 1928", ["1928"], ["Four Days in November", "Mel Stuart"]),
    ("compositional", "What is the nationality of the director of Magic Hunter?", "Hungarian", ["Hungary"], ["Magic Hunter", "Ildikó Enyedi"]),
    ("compositional", "Who is the father of the director of Magic Hunter?", "György Enyedi", [], ["Magic Hunter", "Ildikó Enyedi"]),
    ("compositional", "When did the director of The Umbrella Coup die?", "20 July 2006", ["2006"], ["The Umbrella Coup", "Gérard Oury"]),
    ("compositional", "What is the nationality of the director of Woman Without a Past?", "Italian", ["Italy"], ["Woman Without a Past", "Nunzio Malasomma"]),
    ("compositional", "When was the director of Conquest of the Planet of the Apes born?", "1 August 1914", ["1914"], ["Conquest of the Planet of the Apes", "J. Lee Thompson"]),
    ("compositional", "Where did the director of Three Lucky Fools die?", "Rome", [], ["Three Lucky Fools", "Mario Bonnard"]),
    ("compositional", "Where was the director of Where Are You Going, Alfonso XII? born?", "Pescara", [], ["Where Are You Going, Alfonso XII?", "Luis César Amadori"]),
    ("compositional", "When did the director of The Vagabond Prince die?", "March 14, 1934", ["1934"], ["The Vagabond Prince", "Charles Giblyn"]),
    ("compositional", "Where was the director of Angel on the Amazon born?", "Budapest", ["Budapest, Hungary"], ["Angel on the Amazon", "John H. Auer"]),
    ("compositional", "Where did the director of The Blue Bead die?", "Istanbul", ["Istanbul, Turkey"], ["The Blue Bead", "Ertem Eğilmez"]),
    ("compositional", "Where was the director of The Blue Bead born?", "Trabzon", [], ["The Blue Bead", "Ertem Eğilmez"]),
    ("compositional", "When did the director of Las aventuras de Pito Pérez die?", "10 June 1989", ["1989"], ["Las aventuras de Pito Pérez", "Juan Bustillo Oro"]),
    ("comparison", "Who was born first, Rohit Shetty or Boaz Yakin?", "Boaz Yakin", [], ["Rohit Shetty", "Boaz Yakin"]),
    ("comparison", "Are Nunzio Malasomma and Mario Bonnard of the same nationality?", "yes", [], ["Nunzio Malasomma", "Mario Bonnard"]),
    ("comparison", "Which film came out first, Safe or Hardcase?", "Hardcase", [], ["Safe (2012 film)", "Hardcase (1972 film)"]),
    ("bridge_comparison", "Which film has the director who died first, The Vagabond Prince or Woman Without a Past?", "The Vagabond Prince", [],
     ["The Vagabond Prince", "Charles Giblyn", "Woman Without a Past", "Nunzio Malasomma"]),
    ("bridge_comparison", "Which film has the director who was born later, Four Days in November or Conquest of the Planet of the Apes?", "Four Days in November", [],
     ["Four Days in November", "Mel Stuart", "Conquest of the Planet of the Apes", "J. Lee Thompson"]),
    ("bridge_comparison", "Are the directors of Four Days in November and Tarzan's Hidden Jungle from the same country?", "yes", [],
     ["Four Days in November", "Mel Stuart", "Tarzan's Hidden Jungle", "Harold D. Schuster"]),
    ("single_hop", "Who directed To Walk with Lions?", "Carl Schultz", [], ["To Walk with Lions"]),
    ("single_hop", "Which country is the film The Blue Bead from?", "Turkey", ["Turkish"], ["The Blue Bead"]),
]

SETS = {"a": QUESTIONS, "b": QUESTIONS_B, "c": QUESTIONS_C, "d": QUESTIONS_D, "e": QUESTIONS_E, "f": QUESTIONS_F,
        "all": QUESTIONS + QUESTIONS_B + QUESTIONS_C + QUESTIONS_D + QUESTIONS_E + QUESTIONS_F}


def write_questions(corpus: Path, out: Path, questions: list[Question] = QUESTIONS) -> Path:
    """The questions in the MuSiQue/HippoRAG format, each with its gold passages read from ``corpus``."""
    by_title = {p["title"]: p["text"] for p in json.loads(corpus.read_text(encoding="utf-8"))}
    missing = sorted({t for *_, titles in questions for t in titles if t not in by_title})
    if missing:
        raise SystemExit(f"{corpus}: no passage titled {', '.join(missing)}")
    rows = [{"id": f"spot-{i}", "type": form, "question": q, "answer": a, "answer_aliases": aliases,
             "paragraphs": [{"title": t, "paragraph_text": by_title[t], "is_supporting": True} for t in titles]}
            for i, (form, q, a, aliases, titles) in enumerate(questions)]
    out.mkdir(parents=True, exist_ok=True)
    path = out / "questions.json"
    path.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store-path", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, default=SHARED / "2wiki-corpus" / "corpus.json")
    ap.add_argument("--out-dir", type=Path, default=Path("results") / "spot-2wiki")
    ap.add_argument("--extractor", default="spacy")
    ap.add_argument("--set", choices=sorted(SETS), default="all", help="a: the first 24; b: the 26 written next; c: the 25 after them; d: the 26 written next; e: the 26 after them; f: the 25 written last")
    args = ap.parse_args()
    chosen = SETS[args.set]
    questions = write_questions(args.corpus, args.out_dir, chosen)
    from hippograph.cli.main import app

    app(["--store-path", str(args.store_path), "eval", str(questions), "--corpus", str(args.corpus),
         "--extractor", args.extractor, "--methods", "dense,ppr+clues", "--no-selection", "--out-dir", str(args.out_dir)],
        standalone_mode=False)
    per = json.loads((args.out_dir / "eval.json").read_text(encoding="utf-8"))["answers"]["per_question"]
    forms = {q: form for form, q, *_ in chosen}
    for name, members in ((f"set {k}", v) for k, v in SETS.items() if k != "all"):
        asked = {q for _, q, *_ in members}
        rows = [p for p in per if p["question"] in asked]
        if rows:
            print(f"{name}: EM {100 * sum(p['em'] for p in rows) / len(rows):.1f} over {len(rows)} questions")
    for form in dict.fromkeys(forms.values()):
        rows = [p for p in per if forms[p["question"]] == form]
        print(f"{form}: EM {100 * sum(p['em'] for p in rows) / len(rows):.1f} over {len(rows)} questions")
    for p in per:
        print(f"{'right' if p['em'] else 'wrong'}  {p['question']} -> {p['answer']}"
              + (f" (best guess {p['best_guess']})" if p["best_guess"] else "") + f"  [gold {p['gold']}]")
        if p["path"]:
            print(f"       {p['path']}")


if __name__ == "__main__":
    main()
