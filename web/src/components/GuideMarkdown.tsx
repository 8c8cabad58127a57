import { Typography } from 'antd';
import { Lexer, type Token, type Tokens } from 'marked';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { guideImageName, safeGuideHref, unescapeHtml } from '../../../src/domain/guides/guide.js';

/**
 * A guide's Markdown drawn as the app's own elements (never as HTML): headings, paragraphs, lists,
 * bold and italic, links to screens (router links) or https pages, and the shipped screenshots.
 * Anything else is shown as its text, so a guide cannot inject markup.
 */
export function GuideMarkdown({ text }: { text: string }) {
  return <div className="guide-markdown">{new Lexer().lex(text).map((t, i) => block(t, i))}</div>;
}

function block(t: Token, key: number): ReactNode {
  switch (t.type) {
    case 'heading': {
      const h = t as Tokens.Heading;
      return (
        <Typography.Title key={key} level={Math.min(5, h.depth + 2) as 3 | 4 | 5}>
          {inline(h.tokens)}
        </Typography.Title>
      );
    }
    case 'paragraph':
      return <p key={key}>{inline((t as Tokens.Paragraph).tokens)}</p>;
    case 'list': {
      const l = t as Tokens.List;
      const items = l.items.map((item, i) => <li key={i}>{item.tokens.map((x, j) => listPart(x, j))}</li>);
      return l.ordered ? (
        <ol key={key} start={typeof l.start === 'number' ? l.start : 1}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case 'space':
    case 'hr':
      return null;
    default:
      return <p key={key}>{t.raw}</p>;
  }
}

/** A list item's text runs inline; a nested list or paragraph is a block. */
const listPart = (t: Token, key: number): ReactNode =>
  t.type === 'text' ? <span key={key}>{inline((t as Tokens.Text).tokens ?? [t])}</span> : block(t, key);

function inline(tokens: Token[]): ReactNode[] {
  return tokens.map((t, i) => {
    switch (t.type) {
      case 'strong':
        return <b key={i}>{inline((t as Tokens.Strong).tokens)}</b>;
      case 'em':
        return <i key={i}>{inline((t as Tokens.Em).tokens)}</i>;
      case 'codespan':
        return <code key={i}>{unescapeHtml((t as Tokens.Codespan).text)}</code>;
      case 'br':
        return <br key={i} />;
      case 'link': {
        const l = t as Tokens.Link;
        const safe = safeGuideHref(l.href);
        if (!safe) return <span key={i}>{inline(l.tokens)}</span>;
        return safe.internal ? (
          <Link key={i} to={safe.href}>
            {inline(l.tokens)}
          </Link>
        ) : (
          <a key={i} href={safe.href} target="_blank" rel="noopener noreferrer">
            {inline(l.tokens)}
          </a>
        );
      }
      case 'image': {
        const img = t as Tokens.Image;
        if (!guideImageName.test(img.href)) return null;
        return (
          <img
            key={i}
            className="guide-image"
            src={`/api/v1/guides/images/${img.href}`}
            alt={img.text}
            loading="lazy"
          />
        );
      }
      default:
        return 'tokens' in t && Array.isArray(t.tokens) && t.tokens.length > 0
          ? inline(t.tokens)
          : unescapeHtml('text' in t && typeof t.text === 'string' ? t.text : t.raw);
    }
  });
}
