"""Word lists for the long-history vault's reference notes, in six languages (all invented).

Undated notes such as a person keeps next to a journal (recipes, reading notes, how-tos), like
the many-language help vaults people clone: each language has titles, sentences (``{link}`` is a
wikilink to another note in that language, ``{n}`` a number), section headings, tags and the
items of a checklist.
"""

from __future__ import annotations

LANGUAGES: dict[str, dict[str, list[str]]] = {
    "en": {
        "titles": """Sourdough bread|Reading notes|Packing list|Bike repairs|Tax return checklist
Houseplants|Breathing exercises|Garden plan|Favourite walks|Moving house|Knitting patterns
Podcast ideas|Recipes to try|Sleep routine""".replace("\n", "|").split("|"),
        "sentences": [
            "This is the version that finally worked, after a lot of trial and error.",
            "See {link} for the longer explanation and the list of what to buy.",
            "It takes about {n} minutes if everything is ready before you start.",
            "The second step matters more than it looks, so do not rush it.",
            "Most of this came from a friend, the rest from getting it wrong twice.",
            "Keep the notes short and add to them whenever something changes.",
            "The old method is in {link}; it still works but it is slower.",
            "Write down what went wrong the last time so it does not happen again.",
            "Start small, check the result after {n} days, then adjust.",
            "Nobody does this perfectly, and that is fine.",
        ],
        "headings": ["Steps", "What you need", "Notes", "Things to check"],
        "tags": ["reference", "howto", "recipes", "reading", "garden", "lists"],
        "items": [
            "buy the ingredients",
            "check the tyres",
            "print the forms",
            "water the plants",
            "book the tickets",
            "ask about the deposit",
        ],
    },
    "de": {
        "titles": """Sauerteigbrot|Lesenotizen|Packliste|Fahrrad reparieren|Steuererklärung
Zimmerpflanzen|Atemübungen|Gartenplan|Lieblingswege|Umzug|Strickmuster|Rezepte zum Ausprobieren
Schlafroutine""".replace("\n", "|").split("|"),
        "sentences": [
            "Das ist die Version, die nach vielen Versuchen endlich funktioniert hat.",
            "Siehe {link} für die längere Erklärung und die Einkaufsliste.",
            "Es dauert ungefähr {n} Minuten, wenn alles vorbereitet ist.",
            "Der zweite Schritt ist wichtiger, als er aussieht, also nicht hetzen.",
            "Das meiste habe ich von einer Freundin, den Rest durch Fehler gelernt.",
            "Die Notizen kurz halten und ergänzen, wenn sich etwas ändert.",
            "Die alte Methode steht in {link}; sie funktioniert, ist aber langsamer.",
            "Aufschreiben, was beim letzten Mal schiefging, damit es nicht wieder passiert.",
            "Klein anfangen, nach {n} Tagen nachsehen, dann anpassen.",
            "Niemand macht das perfekt, und das ist in Ordnung.",
        ],
        "headings": ["Schritte", "Was man braucht", "Notizen", "Zu prüfen"],
        "tags": ["referenz", "anleitung", "rezepte", "lesen", "garten", "listen"],
        "items": [
            "Zutaten kaufen",
            "Reifen prüfen",
            "Formulare drucken",
            "Pflanzen gießen",
            "Fahrkarten buchen",
            "nach der Kaution fragen",
        ],
    },
    "fr": {
        "titles": """Pain au levain|Notes de lecture|Liste de bagages|Réparer le vélo|Déclaration d’impôts
Plantes d’intérieur|Exercices de respiration|Plan du jardin|Promenades préférées|Déménagement
Modèles de tricot|Recettes à essayer|Routine du sommeil""".replace("\n", "|").split("|"),
        "sentences": [
            "C’est la version qui a enfin marché, après beaucoup d’essais.",
            "Voir {link} pour l’explication complète et la liste des courses.",
            "Il faut environ {n} minutes si tout est prêt avant de commencer.",
            "La deuxième étape compte plus qu’elle n’en a l’air, ne pas se presser.",
            "L’essentiel vient d’une amie, le reste de mes erreurs.",
            "Garder des notes courtes et les compléter quand quelque chose change.",
            "L’ancienne méthode est dans {link} ; elle marche encore, mais plus lentement.",
            "Noter ce qui n’a pas marché la dernière fois pour ne pas recommencer.",
            "Commencer petit, vérifier après {n} jours, puis ajuster.",
            "Personne ne fait ça parfaitement, et ce n’est pas grave.",
        ],
        "headings": ["Étapes", "Ce qu’il faut", "Notes", "À vérifier"],
        "tags": ["référence", "guide", "recettes", "lecture", "jardin", "listes"],
        "items": [
            "acheter les ingrédients",
            "vérifier les pneus",
            "imprimer les formulaires",
            "arroser les plantes",
            "réserver les billets",
            "demander pour la caution",
        ],
    },
    "es": {
        "titles": """Pan de masa madre|Notas de lectura|Lista para la maleta|Arreglar la bici
Declaración de la renta|Plantas de interior|Ejercicios de respiración|Plan del huerto
Paseos favoritos|Mudanza|Patrones de punto|Recetas para probar|Rutina de sueño""".replace(
            "\n", "|"
        ).split("|"),
        "sentences": [
            "Esta es la versión que por fin funcionó, después de muchos intentos.",
            "Ver {link} para la explicación larga y la lista de la compra.",
            "Se tarda unos {n} minutos si todo está listo antes de empezar.",
            "El segundo paso importa más de lo que parece, así que sin prisa.",
            "Casi todo me lo enseñó una amiga, el resto lo aprendí equivocándome.",
            "Mantener las notas cortas y completarlas cuando algo cambie.",
            "El método antiguo está en {link}; todavía funciona, pero es más lento.",
            "Apuntar lo que salió mal la última vez para que no vuelva a pasar.",
            "Empezar poco a poco, revisar a los {n} días y ajustar.",
            "Nadie lo hace perfecto, y no pasa nada.",
        ],
        "headings": ["Pasos", "Qué hace falta", "Notas", "Para revisar"],
        "tags": ["referencia", "guía", "recetas", "lectura", "huerto", "listas"],
        "items": [
            "comprar los ingredientes",
            "revisar las ruedas",
            "imprimir los formularios",
            "regar las plantas",
            "reservar los billetes",
            "preguntar por la fianza",
        ],
    },
    "pt": {
        "titles": """Pão de fermentação natural|Notas de leitura|Lista de viagem|Consertar a bicicleta
Declaração de impostos|Plantas de interior|Exercícios de respiração|Plano da horta
Passeios favoritos|Mudança de casa|Receitas para experimentar|Rotina de sono""".replace(
            "\n", "|"
        ).split("|"),
        "sentences": [
            "Esta é a versão que finalmente funcionou, depois de muitas tentativas.",
            "Ver {link} para a explicação longa e a lista de compras.",
            "Leva uns {n} minutos se tudo estiver pronto antes de começar.",
            "O segundo passo importa mais do que parece, então sem pressa.",
            "Quase tudo veio de uma amiga, o resto aprendi errando.",
            "Manter as notas curtas e completar quando algo mudar.",
            "O método antigo está em {link}; ainda funciona, mas é mais lento.",
            "Anotar o que deu errado da última vez para não repetir.",
            "Começar pequeno, verificar depois de {n} dias e ajustar.",
            "Ninguém faz isso perfeitamente, e tudo bem.",
        ],
        "headings": ["Passos", "O que é preciso", "Notas", "Para verificar"],
        "tags": ["referência", "guia", "receitas", "leitura", "horta", "listas"],
        "items": [
            "comprar os ingredientes",
            "verificar os pneus",
            "imprimir os formulários",
            "regar as plantas",
            "reservar as passagens",
            "perguntar sobre a caução",
        ],
    },
    "ja": {
        "titles": """天然酵母パン|読書メモ|旅行の持ち物|自転車の修理|確定申告|観葉植物|呼吸の練習
家庭菜園の計画|好きな散歩道|引っ越し|編み物の模様|試したいレシピ|睡眠の習慣""".replace(
            "\n", "|"
        ).split("|"),
        "sentences": [
            "何度も失敗して、やっとうまくいった方法です。",
            "詳しい説明と買い物リストは {link} を参照。",
            "準備ができていれば、だいたい{n}分かかります。",
            "二つ目の手順は見た目より大事なので、急がないこと。",
            "ほとんどは友だちに教わり、残りは失敗から学びました。",
            "メモは短くして、何か変わったら書き足す。",
            "古いやり方は {link} にあります。まだ使えるけれど遅い。",
            "前回うまくいかなかったことを書いておけば、同じ失敗をしない。",
            "小さく始めて、{n}日後に確かめてから調整する。",
            "完璧にできる人はいないし、それで大丈夫。",
        ],
        "headings": ["手順", "必要なもの", "メモ", "確認すること"],
        "tags": ["参考", "やり方", "レシピ", "読書", "菜園", "リスト"],
        "items": [
            "材料を買う",
            "タイヤを点検する",
            "書類を印刷する",
            "植物に水をやる",
            "切符を予約する",
            "敷金について聞く",
        ],
    },
}
