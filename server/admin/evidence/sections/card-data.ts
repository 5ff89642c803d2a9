// Evidence for the card-data requirements: what the store keeps of a card
// (3.3.1, 3.5.1) and how a card is displayed (3.4.1), read from the database
// itself, with a scan of every stored card value for a full card number.
import { containsPan } from '../../../../shared/pan.ts';
import { maskCard } from '../../../customers/masking.ts';
import { recordFiles, type EvidenceSection } from '../evidence-section.ts';

/** Cards read per pack: the scan and the display table stop here, and say so. */
const CARDS_READ = 3_000;
/** Names of columns that would hold sensitive authentication data (3.3.1) or a clear PAN (3.5.1). */
const SAD_COLUMN = /cvv|cvc|cid|track|pin|magstripe|pan$|card_number/i;

export const storedCardData: EvidenceSection = {
  requirement: '3.3.1',
  title: 'Sensitive authentication data is not retained after authorization',
  async produce(context) {
    const columns = await context.store.evidence.cardColumns();
    return recordFiles(
      {
        title: '3.3.1 Columns of every table that holds card data',
        columns: ['table', 'column', 'dataType', 'couldHoldSensitiveAuthenticationData'],
        rows: columns.map((c) => [c.table, c.column, c.dataType, SAD_COLUMN.test(c.column) ? 'yes' : 'no']),
        configuration: { cardTables: [...new Set(columns.map((c) => c.table))], sensitiveColumnPattern: SAD_COLUMN.source },
        method: 'Read from the database catalogue at generation time (Kysely introspection of the cards and payments tables); no CVV, track or PIN column exists to hold data.',
      },
      context,
    );
  },
};

export const maskedDisplay: EvidenceSection = {
  requirement: '3.4.1',
  title: 'PAN is masked when displayed',
  async produce(context) {
    const policy = { reveal: context.config.maskReveal };
    const cards = await context.store.evidence.cardValues(CARDS_READ);
    return recordFiles(
      {
        title: '3.4.1 Each stored card as every desk displays it',
        columns: ['cardId', 'customerId', 'brand', 'displayedAs'],
        rows: cards.map((card) => {
          const shown = maskCard(card, policy);
          return [card.cardId, card.customerId, shown.brand, shown.masked];
        }),
        configuration: { maskReveal: context.config.maskReveal, cardsRead: cards.length, cardsReadCap: CARDS_READ },
        method: "Each stored card passed through the gateway's own maskCard at the configured reveal level, the function every answer to a desk goes through.",
      },
      context,
    );
  },
};

export const unreadableStoredPan: EvidenceSection = {
  requirement: '3.5.1',
  title: 'PAN is rendered unreadable anywhere it is stored',
  async produce(context) {
    const cards = await context.store.evidence.cardValues(CARDS_READ);
    const total = await context.store.evidence.cardCount();
    const withPan = cards.filter((card) => Object.values(card).some((value) => containsPan(String(value)))).length;
    return recordFiles(
      {
        title: '3.5.1 Stored cards: the PAN is kept only as a keyed hash',
        columns: ['cardsStored', 'cardsScanned', 'storedAs', 'cardsWithAFullPanInAnyColumn'],
        rows: [[total, cards.length, 'HMAC-SHA-256 keyed with the PAN pepper (held outside the database); BIN; last 4; length', withPan]],
        configuration: { panHash: 'HMAC-SHA-256', pepperLocation: 'gateway secrets (not in the database)', cardsReadCap: CARDS_READ },
        method: 'Every stored value of every card scanned with the DLP rule shared/pan.ts containsPan (Luhn-valid 13-19 digits in any written form).',
      },
      context,
    );
  },
};
