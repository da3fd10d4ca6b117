export { evaluateRules, ruleItemOf, type RuleItem, type RuleOutcome } from './evaluate';
export { ruleWork } from './text-match';
