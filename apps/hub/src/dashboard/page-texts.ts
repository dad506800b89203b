import type { Language } from '@tagphoto/contracts';

/**
 * The texts of the pages the hub renders itself, in the seven languages of the dashboard. Values passed in are HTML
 * already escaped by the page; the texts hold no markup of their own beyond what the page wraps them in.
 */
export interface PageTexts {
  notFound: {
    title: string;
    noPage: (path: string) => string;
    goToImages: string;
    orRead: string;
    apiDocs: string;
  };
  notConfigured: {
    title: (service: string) => string;
    heading: (service: string) => string;
    explanation: (service: string, what: string) => string;
    setAndRestart: (settings: string) => string;
    finishConfiguration: string;
    askOperator: string;
    back: string;
  };
}

export const PAGE_TEXTS: Record<Language, PageTexts> = {
  en: {
    notFound: {
      title: 'Page not found',
      noPage: (path) => `TagPhoto has no page at ${path}.`,
      goToImages: 'Go to your images',
      orRead: 'or read the',
      apiDocs: 'API documentation',
    },
    notConfigured: {
      title: (service) => `${service} is not set up`,
      heading: (service) => `${service} is not set up on this hub`,
      explanation: (service, what) =>
        `The operator of this hub has not set up ${service} yet, so no account can be connected. To turn it on, the operator has to ${what}.`,
      setAndRestart: (settings) => `set ${settings} in the hub’s environment and restart it`,
      finishConfiguration: 'finish its configuration',
      askOperator: 'If that is not you, ask the person who runs this hub.',
      back: 'Back to Connections',
    },
  },
  de: {
    notFound: {
      title: 'Seite nicht gefunden',
      noPage: (path) => `TagPhoto hat keine Seite unter ${path}.`,
      goToImages: 'Zu Ihren Bildern',
      orRead: 'oder zur',
      apiDocs: 'API-Dokumentation',
    },
    notConfigured: {
      title: (service) => `${service} ist nicht eingerichtet`,
      heading: (service) => `${service} ist auf diesem Hub nicht eingerichtet`,
      explanation: (service, what) =>
        `Wer diesen Hub betreibt, hat ${service} noch nicht eingerichtet, daher kann kein Konto verbunden werden. Um es einzuschalten, muss der Betreiber ${what}.`,
      setAndRestart: (settings) => `${settings} in der Umgebung des Hubs setzen und ihn neu starten`,
      finishConfiguration: 'die Einrichtung abschließen',
      askOperator: 'Wenn Sie das nicht sind, fragen Sie die Person, die diesen Hub betreibt.',
      back: 'Zurück zu den Verbindungen',
    },
  },
  fr: {
    notFound: {
      title: 'Page introuvable',
      noPage: (path) => `TagPhoto n’a pas de page à l’adresse ${path}.`,
      goToImages: 'Aller à vos images',
      orRead: 'ou lire la',
      apiDocs: 'documentation de l’API',
    },
    notConfigured: {
      title: (service) => `${service} n’est pas configuré`,
      heading: (service) => `${service} n’est pas configuré sur ce hub`,
      explanation: (service, what) =>
        `L’opérateur de ce hub n’a pas encore configuré ${service} : aucun compte ne peut donc être connecté. Pour l’activer, l’opérateur doit ${what}.`,
      setAndRestart: (settings) => `définir ${settings} dans l’environnement du hub puis le redémarrer`,
      finishConfiguration: 'terminer sa configuration',
      askOperator: 'Si ce n’est pas vous, demandez à la personne qui gère ce hub.',
      back: 'Retour aux connexions',
    },
  },
  es: {
    notFound: {
      title: 'Página no encontrada',
      noPage: (path) => `TagPhoto no tiene ninguna página en ${path}.`,
      goToImages: 'Ir a tus imágenes',
      orRead: 'o leer la',
      apiDocs: 'documentación de la API',
    },
    notConfigured: {
      title: (service) => `${service} no está configurado`,
      heading: (service) => `${service} no está configurado en este hub`,
      explanation: (service, what) =>
        `Quien administra este hub aún no ha configurado ${service}, así que no se puede conectar ninguna cuenta. Para activarlo, el administrador tiene que ${what}.`,
      setAndRestart: (settings) => `definir ${settings} en el entorno del hub y reiniciarlo`,
      finishConfiguration: 'terminar su configuración',
      askOperator: 'Si no eres tú, pregunta a la persona que administra este hub.',
      back: 'Volver a Conexiones',
    },
  },
  it: {
    notFound: {
      title: 'Pagina non trovata',
      noPage: (path) => `TagPhoto non ha nessuna pagina all’indirizzo ${path}.`,
      goToImages: 'Vai alle tue immagini',
      orRead: 'oppure leggi la',
      apiDocs: 'documentazione API',
    },
    notConfigured: {
      title: (service) => `${service} non è configurato`,
      heading: (service) => `${service} non è configurato su questo hub`,
      explanation: (service, what) =>
        `Chi gestisce questo hub non ha ancora configurato ${service}, quindi non è possibile collegare nessun account. Per attivarlo, il gestore deve ${what}.`,
      setAndRestart: (settings) => `impostare ${settings} nell’ambiente dell’hub e riavviarlo`,
      finishConfiguration: 'completarne la configurazione',
      askOperator: 'Se non sei tu, chiedi alla persona che gestisce questo hub.',
      back: 'Torna a Connessioni',
    },
  },
  pt: {
    notFound: {
      title: 'Página não encontrada',
      noPage: (path) => `O TagPhoto não tem nenhuma página em ${path}.`,
      goToImages: 'Ir para suas imagens',
      orRead: 'ou ler a',
      apiDocs: 'documentação da API',
    },
    notConfigured: {
      title: (service) => `${service} não está configurado`,
      heading: (service) => `${service} não está configurado neste hub`,
      explanation: (service, what) =>
        `Quem administra este hub ainda não configurou ${service}, por isso nenhuma conta pode ser conectada. Para ativá-lo, o administrador precisa ${what}.`,
      setAndRestart: (settings) => `definir ${settings} no ambiente do hub e reiniciá-lo`,
      finishConfiguration: 'concluir a configuração',
      askOperator: 'Se não for você, pergunte à pessoa que administra este hub.',
      back: 'Voltar para Conexões',
    },
  },
  nl: {
    notFound: {
      title: 'Pagina niet gevonden',
      noPage: (path) => `TagPhoto heeft geen pagina op ${path}.`,
      goToImages: 'Naar je afbeeldingen',
      orRead: 'of lees de',
      apiDocs: 'API-documentatie',
    },
    notConfigured: {
      title: (service) => `${service} is niet ingesteld`,
      heading: (service) => `${service} is niet ingesteld op deze hub`,
      explanation: (service, what) =>
        `De beheerder van deze hub heeft ${service} nog niet ingesteld, dus er kan geen account worden gekoppeld. Om het aan te zetten moet de beheerder ${what}.`,
      setAndRestart: (settings) => `${settings} instellen in de omgeving van de hub en de hub herstarten`,
      finishConfiguration: 'de configuratie afronden',
      askOperator: 'Ben jij dat niet? Vraag het aan degene die deze hub beheert.',
      back: 'Terug naar Koppelingen',
    },
  },
};
