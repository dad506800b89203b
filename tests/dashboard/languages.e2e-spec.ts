import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DASHBOARD_ROUTES } from '../../apps/hub/src/dashboard/dashboard-routes';
import { newAccount } from '../support/hub';
import { accessibilityProblems, axeViolations, dashboardSuite, SCREENSHOTS, signedInPage } from './dashboard-support';

const documentLanguage = (page: Page): Promise<string> => page.evaluate<string>('document.documentElement.lang');

describe('the dashboard in the language of the person using it, in headless Chromium', () => {
  const suite = dashboardSuite();

  it.each([
    ['de-AT', 'de', 'Anmelden', 'E-Mail'],
    ['pt-BR', 'pt', 'Entrar', 'E-mail'],
    ['fr-FR', 'fr', 'Se connecter', 'Mot de passe'],
    // A language TagPhoto does not speak: English.
    ['ja-JP', 'en', 'Sign in', 'Password'],
  ])('opens in the browser’s language (%s → %s) from the first page', async (locale, language, heading, field) => {
    const context = await suite.browser.newContext({ baseURL: suite.baseUrl, locale });
    try {
      const page = await context.newPage();
      await page.goto(DASHBOARD_ROUTES.signIn);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.getByLabel(field).waitFor();
      expect(await documentLanguage(page)).toBe(language);
      expect(await page.title()).toBe(`${heading} · TagPhoto`);
    } finally {
      await context.close();
    }
  });

  it('switches language from the header, keeps the choice on this browser, and stays accessible in it', async () => {
    const account = await newAccount(suite.hub);
    const { context, page } = await signedInPage(suite, account.cookie, { width: 1280, height: 900 }, 'de-DE');
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await page.goto(DASHBOARD_ROUTES.gallery);
      const german = page.getByRole('navigation', { name: 'Hauptnavigation' });
      await german.getByRole('link', { name: 'Bilder' }).waitFor();
      await page.getByRole('button', { name: 'Abmelden' }).waitFor();
      expect(await documentLanguage(page)).toBe('de');
      expect(await accessibilityProblems(page)).toEqual([]);
      expect(await axeViolations(page, 'body')).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, '8-gallery-german.png'), fullPage: true });

      await page.getByLabel('Sprache der Oberfläche').selectOption('fr');
      const french = page.getByRole('navigation', { name: 'Navigation principale' });
      await french.getByRole('link', { name: 'Clés d’API' }).click();
      await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
      expect(await documentLanguage(page)).toBe('fr');

      // The choice outlives a reload, although the browser still asks for German.
      await page.reload();
      await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor();
      expect(await page.getByLabel('Langue de l’interface').inputValue()).toBe('fr');
      expect(await axeViolations(page, 'body')).toEqual([]);

      await page.getByLabel('Langue de l’interface').selectOption('en');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Images' }).waitFor();
      expect(await documentLanguage(page)).toBe('en');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
