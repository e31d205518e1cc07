package dev.hpm.core.model;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A workload resource group's service classes and the ordered classification rules that assign
 * its virtual servers to them; servers no rule matches get {@link #defaultClass()}.
 */
public record PerformancePolicy(String name, List<ServiceClass> serviceClasses,
                                List<ClassificationRule> rules, String defaultClass, String description) {

    /** The policy of a group nobody has configured: one class, velocity moderate, importance medium. */
    public static final PerformancePolicy DEFAULT = new PerformancePolicy("default",
            List.of(new ServiceClass("default", Goal.velocity(VelocityLevel.MODERATE), Importance.MEDIUM)),
            List.of(), "default", "");

    public PerformancePolicy {
        serviceClasses = List.copyOf(Objects.requireNonNull(serviceClasses, "serviceClasses"));
        rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
        description = description == null ? "" : description;
        Problems problems = new Problems();
        Identifiers.checkDescription(problems, "description", description);
        Identifiers.check(problems, "name", name);
        if (serviceClasses.isEmpty()) {
            problems.add("service-classes", "[]", "define at least one service class");
        }
        Set<String> seen = new HashSet<>();
        for (ServiceClass serviceClass : serviceClasses) {
            if (!seen.add(serviceClass.name().toLowerCase(Locale.ROOT))) {
                problems.add("service-classes[" + serviceClass.name() + "].name", serviceClass.name(),
                        "service class names must be unique in a policy; rename one of them");
            }
        }
        if (defaultClass == null || defaultClass.isBlank()) {
            problems.add("default-class", defaultClass, "name the service class for servers no rule matches");
        } else if (!hasClass(serviceClasses, defaultClass)) {
            problems.add("default-class", defaultClass, "define that service class or use one of " + classNames(serviceClasses));
        }
        for (int i = 0; i < rules.size(); i++) {
            String target = rules.get(i).serviceClass();
            if (!hasClass(serviceClasses, target)) {
                problems.add("rules[" + (i + 1) + "].service-class", target,
                        "no such service class in this policy; use one of " + classNames(serviceClasses));
            }
        }
        problems.throwIfAny();
    }

    public PerformancePolicy(String name, List<ServiceClass> serviceClasses, List<ClassificationRule> rules,
                             String defaultClass) {
        this(name, serviceClasses, rules, defaultClass, "");
    }

    public Optional<ServiceClass> serviceClass(String className) {
        return serviceClasses.stream().filter(c -> c.name().equals(className)).findFirst();
    }

    private static boolean hasClass(List<ServiceClass> classes, String name) {
        return classes.stream().anyMatch(c -> c.name().equals(name));
    }

    private static String classNames(List<ServiceClass> classes) {
        return classes.stream().map(ServiceClass::name).toList().toString();
    }
}
