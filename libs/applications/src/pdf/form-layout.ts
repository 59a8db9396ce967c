import { rgb } from 'pdf-lib';
import { PDF_COLOURS } from '@app/platform';

// The 申請書's geometry in points, A4 portrait, origin bottom left.
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
export const MARGIN_X = 48;
export const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
export const CONTENT_TOP = PAGE_HEIGHT - 56;
export const CONTENT_BOTTOM = 60;
export const FOOTER_Y = 44;
export const LABEL_WIDTH = 150;
export const CELL_PAD_X = 8;
export const CELL_PAD_Y = 5;
export const VALUE_WIDTH = CONTENT_WIDTH - LABEL_WIDTH - 2 * CELL_PAD_X;
export const HEADING_HEIGHT = 20;
export const SECTION_GAP = 12;
/** A row this short moves to the next page whole rather than being split. */
export const KEEP_WHOLE_LINES = 4;

export const { ink: INK, muted: MUTED, rule: RULE, navy: NAVY, labelFill: LABEL_FILL } = PDF_COLOURS;
export const WHITE = rgb(1, 1, 1);
export const DRAFT_RED = rgb(0.72, 0.11, 0.11);

/** Printed across the top of every page of a draft, so that no page of one can pass for a filed form. */
export const DRAFT_MARK = '下書き / DRAFT — 未提出';
