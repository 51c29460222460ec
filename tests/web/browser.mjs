// Debian's chromium as every browser harness of the tests starts it (driven by playwright-core):
// headless, on a machine without network, so nothing is fetched or updated behind the test's back.
import { chromium } from "playwright-core";

export const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
  "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
];

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: FLAGS,
    ignoreDefaultArgs: ["--headless=old", "--headless=new"],
    timeout: 60_000,
  });
}
