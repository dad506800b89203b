#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { type Language, languageSchema, type TaggingResult } from '@tagphoto/contracts';
import { TaggingEngine } from './engine';
import { TaggingError } from './errors';
import { ANALYZER_NAMES, type AnalyzeOptions } from './options';

const USAGE =
  'usage: tag [--json] [--language <en|de|fr|es|it|pt|nl>] [--no-ocr] <files...>  (--lang is short for --language)';

/** The API's field is `language`; `--lang` stays as the short form earlier releases documented. */
const LANGUAGE_FLAGS = ['--language', '--lang'];

interface CliArgs {
  json: boolean;
  language: Language;
  ocr: boolean;
  files: string[];
}

class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { json: false, language: 'en', ocr: true, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') args.json = true;
    else if (arg === '--no-ocr') args.ocr = false;
    else if (LANGUAGE_FLAGS.some((flag) => arg === flag || arg.startsWith(`${flag}=`))) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      const parsed = languageSchema.safeParse(value);
      if (!parsed.success) throw new UsageError(`unknown language "${value ?? ''}"`);
      args.language = parsed.data;
    } else if (arg === '--') {
      args.files.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else args.files.push(arg);
  }
  if (args.files.length === 0) throw new UsageError('no files given');
  return args;
}

function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof TaggingError) return { code: error.code, message: error.message };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return { code: 'FILE_NOT_FOUND', message: 'The file does not exist. Check the path.' };
  if (code === 'EISDIR') return { code: 'NOT_A_FILE', message: 'The path is a directory. Pass image files.' };
  if (code === 'EACCES') return { code: 'FILE_UNREADABLE', message: 'The file cannot be read. Check its permissions.' };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

function summary(file: string, result: TaggingResult): string {
  const lines = [
    `${file} (${result.width}×${result.height})`,
    `  title:    ${result.title}`,
    `  alt text: ${result.altText}`,
    `  tags:     ${result.tags.map((tag) => `${tag.label} ${Math.round(tag.confidence * 100)}%`).join(', ')}`,
  ];
  if (result.text) lines.push(`  text:     ${result.text.replace(/\s*\n\s*/g, ' / ')}`);
  lines.push(`  faces: ${result.faces.count}, safety: ${result.safety.rating}`);
  if (result.review.needed) lines.push(`  review:   needed (${result.review.reasons.join(', ')})`);
  return lines.join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`tag: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const options: AnalyzeOptions = {
    language: args.language,
    ...(args.ocr ? {} : { analyzers: ANALYZER_NAMES.filter((name) => name !== 'text') }),
  };
  let engine: TaggingEngine;
  try {
    engine = await TaggingEngine.create({});
  } catch (error) {
    const { code, message } = describeError(error);
    if (args.json) process.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
    else process.stderr.write(`tag: ${code}: ${message}\n`);
    return 1;
  }
  let failed = 0;
  try {
    for (const file of args.files) {
      try {
        const result = await engine.analyze(await readFile(file), options);
        process.stdout.write(args.json ? `${JSON.stringify({ file, ...result })}\n` : `${summary(file, result)}\n`);
      } catch (error) {
        failed++;
        const described = describeError(error);
        if (args.json) process.stdout.write(`${JSON.stringify({ file, error: described })}\n`);
        else process.stderr.write(`${file}: ${described.code}: ${described.message}\n`);
      }
    }
  } finally {
    await engine.close();
  }
  return failed > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`tag: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
